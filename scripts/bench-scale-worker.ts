// A worker of bench-scale.ts: builds each stored answer exactly as the service does (the
// version's memo, then packEvaluation), so that the work of a million answers spreads over
// every core. The parent checks that sampled rows give back their answers byte for byte.
import { parentPort, workerData } from 'node:worker_threads';
import { createEvaluationMemo, loadMatrix, type Workload } from '../src/engine/index.js';
import { packEvaluation } from '../src/evaluations/stored-response.js';

/** Rows to build: parallel arrays, one entry per row. */
export interface PackJob {
  seq: number;
  ids: string[];
  createdAts: string[];
  names: string[];
  poolIndexes: number[];
}

/** The packed bodies back to back in one transferred buffer, and each row's workload column. */
export interface PackedJob {
  seq: number;
  bodies: Uint8Array;
  ends: Uint32Array;
  workloads: string[];
}

export interface PackerData {
  matrixDocument: unknown;
  pool: Workload[];
}

const { matrixDocument, pool } = workerData as PackerData;
const memo = createEvaluationMemo(loadMatrix(matrixDocument), pool.length);

parentPort!.on('message', (job: PackJob) => {
  const parts: Buffer[] = [];
  const ends = new Uint32Array(job.ids.length);
  const workloads: string[] = [];
  let length = 0;
  for (let i = 0; i < job.ids.length; i++) {
    const workload = { ...pool[job.poolIndexes[i]], name: job.names[i] };
    const packed = packEvaluation(memo.evaluate(workload).utf8);
    parts.push(packed);
    length += packed.length;
    ends[i] = length;
    workloads.push(JSON.stringify(workload));
  }
  const bodies = new Uint8Array(Buffer.concat(parts, length));
  const reply: PackedJob = { seq: job.seq, bodies, ends, workloads };
  parentPort!.postMessage(reply, [bodies.buffer]);
});
