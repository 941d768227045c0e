// A worker of bench-scale.ts: builds each stored answer as the service does (the version's memo,
// then viewJson) and packs it as packResponse does, but synchronously. packResponse's async
// deflate cost about 2.5 times the CPU of deflateRawSync per answer here (about 500 against
// 200 µs: a stream and a thread-pool round trip each), and the load ran at about 1,400 rows/s
// with it on the main thread; here the work spreads over every core.
// The parent compares sampled bodies with packResponse's output byte for byte and stops on a
// difference, so the parameters below cannot drift from stored-response.ts unnoticed.
import { parentPort, workerData } from 'node:worker_threads';
import { constants, deflateRawSync } from 'node:zlib';
import { createEvaluationMemo, loadMatrix, type Workload } from '../src/engine/index.js';
import { viewJson } from '../src/evaluations/evaluations.service.js';
import { RESPONSE_DICTIONARY_1 } from '../src/evaluations/response-dictionary-1.js';

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

/** As in stored-response.ts: format byte 1, raw deflate level 6 with preset dictionary 1. */
const FORMAT_DEFLATE_DICTIONARY_1 = 1;
const DICTIONARY_1 = Buffer.from(RESPONSE_DICTIONARY_1, 'latin1');

const { matrixDocument, pool } = workerData as PackerData;
const memo = createEvaluationMemo(loadMatrix(matrixDocument), pool.length);

parentPort!.on('message', (job: PackJob) => {
  const parts: Buffer[] = [];
  const ends = new Uint32Array(job.ids.length);
  const workloads: string[] = [];
  let length = 0;
  for (let i = 0; i < job.ids.length; i++) {
    const workload = { ...pool[job.poolIndexes[i]], name: job.names[i] };
    const json = viewJson({ id: job.ids[i], createdAt: job.createdAts[i] }, workload, memo.evaluate(workload).json);
    const packed = deflateRawSync(json, { level: 6, dictionary: DICTIONARY_1, strategy: constants.Z_DEFAULT_STRATEGY });
    parts.push(Buffer.of(FORMAT_DEFLATE_DICTIONARY_1), packed);
    length += 1 + packed.length;
    ends[i] = length;
    workloads.push(JSON.stringify(workload));
  }
  const bodies = new Uint8Array(Buffer.concat(parts, length));
  const reply: PackedJob = { seq: job.seq, bodies, ends, workloads };
  parentPort!.postMessage(reply, [bodies.buffer]);
});
