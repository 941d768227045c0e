// Throughput of the pure engine on the default matrix over varied workloads, one process.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { evaluate, loadMatrix } from '../src/engine/index.js';
import { variedWorkloads } from './bench-workload.js';
import { DEFAULT_MATRIX_VERSION } from '../src/matrices/shipped-matrices.js';

// BENCH_MATRIX picks another shipped version (for example 2026.1) to compare.
const version = process.env.BENCH_MATRIX ?? DEFAULT_MATRIX_VERSION;
const matrix = loadMatrix(JSON.parse(readFileSync(resolve(`src/engine/matrices/${version}.json`), 'utf8')));
const workloads = variedWorkloads(2000);

let sink = 0;
const runFor = (ms: number) => {
  let n = 0;
  const end = performance.now() + ms;
  while (performance.now() < end) {
    for (let i = 0; i < 1000; i++) sink += evaluate(matrix, workloads[(n + i) % workloads.length]).options.length;
    n += 1000;
  }
  return n;
};

runFor(1500); // warm-up: let the JIT settle
const rounds = [0, 1, 2].map(() => {
  const start = performance.now();
  const n = runFor(2000);
  return n / ((performance.now() - start) / 1000);
});
const median = rounds.sort((a, b) => a - b)[1];
console.log(`rounds: ${rounds.map((r) => Math.round(r)).join(', ')} evaluations/s (sink ${sink % 7})`);
console.log(`engine: ${Math.round(median)} evaluations/s`);
