// The body of the SQLite writer's worker thread (sqlite-writer.ts starts it). It imports
// nothing of the service's own: under Jest it runs from this .ts file through Node's type
// stripping, which would not find the service's `.js` import paths. So it uses erasable
// TypeScript only, and its message shapes are declared again on the other side.
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';

interface Setup {
  file: string;
  pragmas: string[];
  insertEvaluation: string;
  insertTemplate: string;
}

type Request = { id: number; kind: 'write'; templates: unknown[][]; rows: unknown[][] } | { id: number; kind: 'pragma'; sql: string } | { id: number; kind: 'close' };

const setup = workerData as Setup;
const db = new Database(setup.file);
for (const pragma of setup.pragmas) db.pragma(pragma);
const insertEvaluation = db.prepare(setup.insertEvaluation);
const insertTemplate = db.prepare(setup.insertTemplate);
const insertAll = db.transaction((templates: unknown[][], rows: unknown[][]) => {
  for (const t of templates) insertTemplate.run(t);
  for (const r of rows) insertEvaluation.run(r);
});

parentPort!.on('message', (request: Request) => {
  try {
    if (request.kind === 'write') {
      insertAll(request.templates, request.rows);
      parentPort!.postMessage({ id: request.id, ok: true });
    } else if (request.kind === 'pragma') {
      parentPort!.postMessage({ id: request.id, ok: true, value: db.pragma(request.sql) });
    } else {
      db.close();
      parentPort!.postMessage({ id: request.id, ok: true });
      parentPort!.close();
    }
  } catch (error) {
    const { message, code } = error as { message?: string; code?: unknown };
    parentPort!.postMessage({ id: request.id, ok: false, message: String(message), code: typeof code === 'string' ? code : undefined });
  }
});
