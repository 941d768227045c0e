// A worker of bench-scale.ts: builds each stored answer exactly as the service does (the
// version's memo, then packEvaluation: a template per distinct evaluation), so that the work of a million answers spreads over
// every core. The parent checks that sampled rows give back their answers byte for byte.
import { parentPort, workerData } from 'node:worker_threads';
import { createEvaluationMemo, loadMatrix, type Workload } from '../src/engine/index.js';
import { packEvaluation, type PackedTemplate } from '../src/evaluations/stored-response.js';

/** Rows to build: parallel arrays, one entry per row. */
export interface PackJob {
  seq: number;
  ids: string[];
  createdAts: string[];
  names: string[];
  poolIndexes: number[];
}

/** The packed bodies back to back in one transferred buffer, each row's workload and answer_template columns, and the templates this worker had not sent before. */
export interface PackedJob {
  seq: number;
  bodies: Uint8Array;
  ends: Uint32Array;
  workloads: string[];
  answerTemplates: (string | null)[];
  templates: PackedTemplate[];
}

export interface PackerData {
  matrixDocument: unknown;
  pool: Workload[];
}

const { matrixDocument, pool } = workerData as PackerData;
const memo = createEvaluationMemo(loadMatrix(matrixDocument), pool.length);
const sent = new Set<string>();

parentPort!.on('message', (job: PackJob) => {
  const parts: Buffer[] = [];
  const ends = new Uint32Array(job.ids.length);
  const workloads: string[] = [];
  const answerTemplates: (string | null)[] = [];
  const templates: PackedTemplate[] = [];
  let length = 0;
  for (let i = 0; i < job.ids.length; i++) {
    const workload = { ...pool[job.poolIndexes[i]], name: job.names[i] };
    const { body, template } = packEvaluation(memo.evaluate(workload).utf8, workload.name);
    parts.push(body);
    length += body.length;
    ends[i] = length;
    workloads.push(JSON.stringify(workload));
    answerTemplates.push(template?.id ?? null);
    if (template && !sent.has(template.id)) {
      sent.add(template.id);
      templates.push(template);
    }
  }
  const bodies = new Uint8Array(Buffer.concat(parts, length));
  const reply: PackedJob = { seq: job.seq, bodies, ends, workloads, answerTemplates, templates };
  parentPort!.postMessage(reply, [bodies.buffer]);
});
