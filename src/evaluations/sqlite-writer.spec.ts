import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { AppError } from '../common/app-error.js';
import { SqliteWriter } from './sqlite-writer.js';

describe('SqliteWriter (inserts on a thread of their own)', () => {
  let dir: string;
  let file: string;
  let reader: Database.Database;
  let writer: SqliteWriter;
  const rows = () => reader.prepare('SELECT id, body FROM t ORDER BY id').all() as { id: number; body: Buffer }[];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sqlite-writer-'));
    file = join(dir, 'db.sqlite');
    reader = new Database(file);
    reader.pragma('journal_mode = WAL');
    reader.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, body BLOB NOT NULL); CREATE TABLE tpl (id TEXT PRIMARY KEY)');
    writer = new SqliteWriter({ file, pragmas: ['synchronous = FULL', 'busy_timeout = 300'], insertEvaluation: 'INSERT INTO t (id, body) VALUES (?, ?)', insertTemplate: 'INSERT INTO tpl (id) VALUES (?)' });
  });

  afterEach(async () => {
    await writer.close();
    reader.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('commits each write whole before it resolves, blobs byte for byte, on its own connection', async () => {
    await writer.write([['a']], [[1, Buffer.from([0, 255, 3])]]);
    expect(rows()).toEqual([{ id: 1, body: Buffer.from([0, 255, 3]) }]);
    expect(reader.prepare('SELECT id FROM tpl').all()).toEqual([{ id: 'a' }]);
    expect(await writer.pragma('synchronous')).toEqual([{ synchronous: 2 }]);
    // A duplicate key in the second row: the first row of that write is not kept either.
    const failed = writer.write(
      [],
      [
        [2, Buffer.from('x')],
        [1, Buffer.from('y')],
      ],
    );
    await expect(failed).rejects.toMatchObject({ code: 'SQLITE_CONSTRAINT_PRIMARYKEY' });
    expect(rows().map((r) => r.id)).toEqual([1]);
  });

  it('reports the driver code of a refused write, so the filter answers 503 as it would in process', async () => {
    await writer.pragma('query_only = 1');
    await expect(writer.write([], [[5, Buffer.from('x')]])).rejects.toMatchObject({ code: 'SQLITE_READONLY' });
    await writer.pragma('query_only = 0');
    await writer.write([], [[5, Buffer.from('x')]]);
    expect(rows().map((r) => r.id)).toEqual([5]);
  });

  it('fails the writes a dying thread held, and starts a new thread for the next write', async () => {
    await writer.write([], [[1, Buffer.from('a')]]);
    const thread = (writer as unknown as { worker: Worker }).worker;
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    try {
      // The reader holds the write lock, so the thread is still waiting on it when it is stopped.
      reader.exec('BEGIN IMMEDIATE');
      const held = writer.write([], [[2, Buffer.from('b')]]);
      await thread.terminate();
      reader.exec('ROLLBACK');
      const error: unknown = await held.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('DATABASE_UNAVAILABLE');
      expect(logged.mock.calls.map((c) => String(c[0]))).toEqual([expect.stringMatching(/writer thread stopped .*1 writes in it failed/)]);
    } finally {
      logged.mockRestore();
    }
    await writer.write([], [[3, Buffer.from('c')]]);
    expect(rows().map((r) => r.id)).toEqual([1, 3]);
    expect((writer as unknown as { worker: Worker }).worker).not.toBe(thread);
  });

  it('closes after the writes handed in before it, and refuses writes after', async () => {
    const writes = [1, 2, 3].map((id) => writer.write([], [[id, Buffer.from([id])]]));
    await writer.close();
    await Promise.all(writes);
    expect(rows().map((r) => r.id)).toEqual([1, 2, 3]);
    await expect(writer.write([], [[4, Buffer.from('d')]])).rejects.toMatchObject({ code: 'DATABASE_UNAVAILABLE' });
  });
});
