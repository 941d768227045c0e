import { Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Database, Statement } from 'better-sqlite3';
import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { SQLITE_PRAGMAS } from '../database/data-source-options.js';
import { ReadCoalescer } from '../database/read-coalescer.js';
import { Transactions } from '../database/transactions.js';
import { Metrics } from '../observability/metrics.js';
import type { Workload } from '../engine/index.js';
import { storedSummary, type DecisionRow } from './evaluation-summary.js';
import { SqliteWriter } from './sqlite-writer.js';
import { joinPieces, rememberedTemplate, unpackAnswerPieces, unpackTemplate, type AnswerTemplate, type PackedTemplate, type StoredAnswerRow } from './stored-response.js';

/** A decision about to be stored: what the indexes need, the input for replays, and the packed answer. */
export interface PackedEvaluation {
  id: string;
  createdAt: string;
  workloadName: string;
  /** The workload as its JSON text, the same text the answer was sent with. */
  workloadJson: string;
  matrixVersion: string;
  matrixChecksum: string;
  recommendation: string | null;
  apiKeyName: string;
  apiKeyId: string;
  /** The answer, packed by packEvaluation: with the other columns (and its template), its exact bytes. */
  body: Buffer;
  answerTemplate: string | null;
}

/** What impact analysis reads of a stored decision: enough to re-decide it and to report a change. */
export interface StoredInput {
  id: string;
  createdAt: string;
  workloadName: string;
  workload: Workload;
  matrixVersion: string;
  recommendation: string | null;
}

export interface EvaluationFilter {
  workloadName?: string;
  recommendation?: string;
  matrixVersion?: string;
  apiKeyId?: string;
}

const COLUMNS = ['id', 'created_at', 'workload_name', 'workload', 'matrix_version', 'matrix_checksum', 'recommendation', 'api_key_name', 'api_key_id', 'body', 'answer_template'] as const;
const values = (r: PackedEvaluation) => [r.id, r.createdAt, r.workloadName, r.workloadJson, r.matrixVersion, r.matrixChecksum, r.recommendation, r.apiKeyName, r.apiKeyId, r.body, r.answerTemplate];
/** `?` placeholders as Postgres numbers them. */
function numbered(sql: string): string {
  let i = 0;
  return sql.replace(/\?/g, () => `$${++i}`);
}
const ROW_PLACEHOLDERS = `(${COLUMNS.map(() => '?').join(', ')})`;
const INSERT_EVALUATION = `INSERT INTO evaluations (${COLUMNS.join(', ')}) VALUES ${ROW_PLACEHOLDERS}`;
const INSERT_TEMPLATE = 'INSERT INTO answer_templates (id, body, created_at) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING';
/** Rows per INSERT on Postgres: 11 parameters each, far below its 65,535. */
const PG_CHUNK = 100;
/**
 * The INSERT of `count` records, by count. Its text names a prepared statement, so it is the
 * same every time; building its 11 placeholders a row for every group was 2% of the stored
 * path's CPU on Postgres.
 */
const pgInsertTexts: string[] = [];
const pgInsertText = (count: number): string => (pgInsertTexts[count] ??= numbered(`${INSERT_EVALUATION}${`, ${ROW_PLACEHOLDERS}`.repeat(count - 1)}`));
/**
 * Statements worth keeping prepared on SQLite: every shape the store writes, and `IN (?, ...)`
 * lists of up to a page's length (a list page reads up to 21 templates); longer lists vary too
 * much to keep. Preparing on every read was 8% of a get-by-id under load.
 */
const REUSABLE_PARAMETERS = 101;
const ANSWER_COLUMNS = 'id, created_at, workload, workload_name, answer_template, body';
type AnswerColumns = { id: string; created_at: string; workload: string; workload_name: string; answer_template: string | null; body: Buffer };
/**
 * What a page of summaries reads of a record: its answer template holds the decision. Widening the
 * workload's index to hold these (and the key) made such a page 2.7 times as fast at a million
 * records, but stored evaluations 11-14% slower there: not kept (docs/performance.md).
 */
export const DECISION_COLUMNS = 'id, created_at, workload_name, answer_template';
type DecisionColumns = Pick<AnswerColumns, 'id' | 'created_at' | 'workload_name' | 'answer_template'>;
/** A stored answer with the key that may see it. */
type OwnedAnswerRow = StoredAnswerRow & { apiKeyId: string | null };
type OwnedAnswerColumns = AnswerColumns & { api_key_id: string | null };
const ownedAnswerRow = (r: OwnedAnswerColumns): OwnedAnswerRow => ({ ...answerRow(r), apiKeyId: r.api_key_id });
const SELECT_OWNED_ANSWERS = `SELECT ${ANSWER_COLUMNS}, api_key_id FROM evaluations`;
const templateOf = (row: Pick<StoredAnswerRow, 'answerTemplate'>, templates: Map<string, AnswerTemplate>) => (row.answerTemplate === null ? undefined : templates.get(row.answerTemplate));
const answerRow = (r: AnswerColumns): StoredAnswerRow => ({ id: r.id, createdAt: r.created_at, workload: r.workload, workloadName: r.workload_name, answerTemplate: r.answer_template, body: r.body });
const FILTER_COLUMNS: Record<keyof EvaluationFilter, string> = { workloadName: 'workload_name', recommendation: 'recommendation', matrixVersion: 'matrix_version', apiKeyId: 'api_key_id' };

/**
 * The statement behind a list page, exported so that a test and the scale benchmark can ask
 * SQLite for its plan. Filtered by workload on SQLite, it names the workload's index: a name
 * is one workload, tens of records, but SQLite keeps no statistics and without the name it may
 * walk the key's index instead, every record of that key (seconds at a million). Postgres has statistics.
 */
export function pageQuery(filter: EvaluationFilter, limit: number, cursor: string | undefined, sqlite: boolean, columns = ANSWER_COLUMNS): { sql: string; params: unknown[] } {
  const conditions: string[] = [];
  const params: unknown[] = [];
  for (const [field, column] of Object.entries(FILTER_COLUMNS) as [keyof EvaluationFilter, string][]) {
    if (filter[field] === undefined) continue;
    conditions.push(`${column} = ?`);
    params.push(filter[field]);
  }
  if (cursor !== undefined) {
    conditions.push('id < ?');
    params.push(cursor);
  }
  params.push(limit);
  const index = sqlite && filter.workloadName !== undefined ? ' INDEXED BY idx_evaluations_workload_name' : '';
  return { sql: `SELECT ${columns} FROM evaluations${index}${conditions.length ? ` WHERE ${conditions.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`, params };
}

/**
 * The evaluations table, through the database driver rather than the ORM. It is the one
 * table on the request path of every evaluation, and a profile under load put a third of
 * the service's CPU in TypeORM's query building and JSON column handling. Rows are
 * written once and never updated (a trigger refuses it), so there is nothing for an ORM
 * to track. On SQLite the statements are prepared once; on Postgres they are named, so
 * each connection prepares them once. A SQLite file's inserts run on a thread of their own
 * (sqlite-writer.ts); an in-memory database has no other connection, so they run here.
 */
@Injectable()
export class EvaluationStore implements OnApplicationBootstrap, OnModuleDestroy {
  private sqlite: Database | undefined;
  private writer: SqliteWriter | undefined;
  private readonly statements = new Map<string, Statement>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly metrics: Metrics,
  ) {}

  /**
   * SQLite has one writer at a time: a group committing on the thread while the next waits
   * would each pay its own fsync, so the next group gathers until the commit is done.
   */
  get commitsOneAtATime(): boolean {
    return this.writer !== undefined;
  }

  async onApplicationBootstrap(): Promise<void> {
    const options = this.dataSource.options;
    if (options.type !== 'better-sqlite3') return;
    this.sqlite = (this.dataSource.driver as unknown as { databaseConnection: Database }).databaseConnection;
    if (options.database === ':memory:') return;
    this.writer = new SqliteWriter({ file: options.database, pragmas: SQLITE_PRAGMAS, insertEvaluation: INSERT_EVALUATION, insertTemplate: INSERT_TEMPLATE });
    // Started now, so a thread that cannot open the file stops the start-up, not the first request.
    await this.writer.pragma('synchronous');
  }

  async onModuleDestroy(): Promise<void> {
    await this.writer?.close();
  }

  /** A PRAGMA on the connection that inserts evaluations, where that is not TypeORM's (its settings are its own). */
  writerPragma(sql: string): Promise<unknown> {
    if (this.writer) return this.writer.pragma(sql);
    const sqlite = this.sqlite;
    if (!sqlite) return Promise.reject(new Error('PRAGMA is for SQLite only'));
    return this.transactions.onConnection(() => sqlite.pragma(sql));
  }

  /** Stores all rows, and the answer templates they name, in one transaction, or none. Resolves once committed. */
  async insert(rows: PackedEvaluation[], templates: PackedTemplate[] = []): Promise<void> {
    if (rows.length === 0) return;
    try {
      await this.insertRows(rows, templates);
    } catch (error) {
      this.metrics.databaseErrors.inc();
      throw error;
    }
  }

  private async insertRows(rows: PackedEvaluation[], templates: PackedTemplate[]): Promise<void> {
    const sqlite = this.sqlite;
    // A template is written once; later records naming it find it there (another replica may have written it first).
    const createdAt = rows[0].createdAt;
    if (this.writer) {
      const writer = this.writer;
      // Queued like a TypeORM transaction: none of this process's is open while the thread
      // commits, so a deferred one that read before that commit never has to write after it.
      await this.transactions.onConnection(() =>
        writer.write(
          templates.map((t) => [t.id, t.body, createdAt]),
          rows.map(values),
        ),
      );
      return;
    }
    if (sqlite) {
      const insert = this.prepared(INSERT_EVALUATION);
      const insertTemplate = this.prepared(INSERT_TEMPLATE);
      const insertAll = sqlite.transaction((all: PackedEvaluation[]) => {
        for (const t of templates) insertTemplate.run(t.id, t.body, createdAt);
        for (const r of all) insert.run(values(r));
      });
      // Queued behind TypeORM's transactions: both share the one connection.
      await this.transactions.onConnection(() => insertAll(rows));
      return;
    }
    const insertChunk = (chunk: PackedEvaluation[]) => ({ name: `insert-evaluations-${chunk.length}`, text: pgInsertText(chunk.length), values: chunk.flatMap(values) });
    if (templates.length === 0 && rows.length <= PG_CHUNK) {
      // One statement is atomic and commits on its own: one round trip instead of three
      // (BEGIN, INSERT, COMMIT), with the same durability.
      await this.pool().query(insertChunk(rows));
      return;
    }
    const client = await this.pool().connect();
    // A connection cut between two statements is reported as an event, not as the next
    // statement's failure; without a listener it would take the process down.
    const ignore = () => undefined;
    client.on('error', ignore);
    try {
      await client.query('BEGIN');
      for (const t of templates) await client.query({ name: 'insert-answer-template', text: numbered(INSERT_TEMPLATE), values: [t.id, t.body, createdAt] });
      for (let i = 0; i < rows.length; i += PG_CHUNK) await client.query(insertChunk(rows.slice(i, i + PG_CHUNK)));
      await client.query('COMMIT');
      client.off('error', ignore);
      client.release();
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      client.off('error', ignore);
      // A connection that failed mid-transaction is not trusted again.
      client.release(true);
      throw error;
    }
  }

  /** The bytes each row's answer was sent as, reading the answer templates not kept in memory. */
  async answers(rows: StoredAnswerRow[]): Promise<Buffer[]> {
    return (await this.answerPieces(rows)).map(joinPieces);
  }

  /** `answers` as pieces per row, for a caller that sends many answers in one body without joining each first. */
  async answerPieces(rows: StoredAnswerRow[]): Promise<Buffer[][]> {
    const templates = await this.templatesOf(rows);
    return rows.map((row) => unpackAnswerPieces(row, templateOf(row, templates)));
  }

  /**
   * Each row's summary (what `Prefer: return=minimal` answers with): from the template it names,
   * without rebuilding its answer; a record stored whole is read again for its answer.
   */
  async summaries(rows: DecisionRow[]): Promise<Buffer[]> {
    const templates = await this.templatesOf(rows);
    const whole = await this.answersById(rows.filter((row) => row.answerTemplate === null).map((row) => row.id));
    return rows.map((row) => storedSummary(row, { template: templateOf(row, templates), answer: whole.get(row.id) }));
  }

  /** The answer templates the rows name, from memory or else the database. */
  private async templatesOf(rows: Pick<StoredAnswerRow, 'answerTemplate'>[]): Promise<Map<string, AnswerTemplate>> {
    // Templates are collected before any await, so one dropped from memory meanwhile is still at hand.
    const found = new Map<string, AnswerTemplate>();
    const missing = new Set<string>();
    for (const { answerTemplate: id } of rows) {
      if (id === null || found.has(id) || missing.has(id)) continue;
      const template = rememberedTemplate(id);
      if (template) found.set(id, template);
      else missing.add(id);
    }
    if (missing.size > 0) {
      const ids = [...missing];
      const stored = await this.read<PackedTemplate>(`SELECT id, body FROM answer_templates WHERE id IN (${ids.map(() => '?').join(', ')})`, ids);
      for (const row of stored) found.set(row.id, unpackTemplate(row));
    }
    return found;
  }

  /** What the stored answer is rebuilt from, and its owner; or null. */
  async findBody(id: string): Promise<OwnedAnswerRow | null> {
    // A SQLite read is a synchronous call into a file of this process: there is no round trip to share.
    if (!this.sqlite) return (await this.bodyReads.load(id)) ?? null;
    const [row] = await this.read<OwnedAnswerColumns>(`${SELECT_OWNED_ANSWERS} WHERE id = ?`, [id]);
    return row ? ownedAnswerRow(row) : null;
  }

  /** Postgres: the gets of one turn, in one query. */
  private readonly bodyReads = new ReadCoalescer<OwnedAnswerRow>(async (ids) => {
    const rows = await this.read<OwnedAnswerColumns>(`${SELECT_OWNED_ANSWERS} WHERE id = ANY(?)`, [ids], 'find-evaluation-bodies');
    return new Map(rows.map((r) => [r.id, ownedAnswerRow(r)]));
  });

  /** Newest first, `limit` rows below the cursor (UUIDv7 ids grow with time). */
  async page(filter: EvaluationFilter, limit: number, cursor?: string): Promise<StoredAnswerRow[]> {
    const { sql, params } = pageQuery(filter, limit, cursor, this.sqlite !== undefined);
    return (await this.read<AnswerColumns>(sql, params)).map(answerRow);
  }

  /** `page` for summaries: the same records, without the workload and the answer's body. */
  async decisionPage(filter: EvaluationFilter, limit: number, cursor?: string): Promise<DecisionRow[]> {
    const { sql, params } = pageQuery(filter, limit, cursor, this.sqlite !== undefined, DECISION_COLUMNS);
    return (await this.read<DecisionColumns>(sql, params)).map((r) => ({ id: r.id, createdAt: r.created_at, workloadName: r.workload_name, answerTemplate: r.answer_template }));
  }

  /** The inputs of the newest `limit` decisions, optionally only those made since a time. */
  async inputs(since: string | undefined, limit: number): Promise<StoredInput[]> {
    const rows = await this.read<{ id: string; created_at: string; workload_name: string; workload: string; matrix_version: string; recommendation: string | null }>(
      `SELECT id, created_at, workload_name, workload, matrix_version, recommendation FROM evaluations${since === undefined ? '' : ' WHERE created_at >= ?'} ORDER BY id DESC LIMIT ?`,
      since === undefined ? [limit] : [since, limit],
    );
    return rows.map((r) => ({ id: r.id, createdAt: r.created_at, workloadName: r.workload_name, workload: JSON.parse(r.workload) as Workload, matrixVersion: r.matrix_version, recommendation: r.recommendation }));
  }

  /** Stored answers' bytes, by id. */
  async answersById(ids: string[]): Promise<Map<string, Buffer>> {
    if (ids.length === 0) return new Map();
    const rows = (await this.read<AnswerColumns>(`SELECT ${ANSWER_COLUMNS} FROM evaluations WHERE id IN (${ids.map(() => '?').join(', ')})`, ids)).map(answerRow);
    const answers = await this.answers(rows);
    return new Map(rows.map((r, i) => [r.id, answers[i]]));
  }

  /** `?` placeholders in, the dialect's out; a `name` makes it a named prepared statement on Postgres. */
  private async read<T>(sql: string, params: unknown[], name?: string): Promise<T[]> {
    try {
      if (this.sqlite) return (name === undefined && params.length > REUSABLE_PARAMETERS ? this.sqlite.prepare(sql) : this.prepared(sql)).all(params) as T[];
      const text = numbered(sql);
      const result = await this.pool().query(name ? { name, text, values: params } : { text, values: params });
      return result.rows as T[];
    } catch (error) {
      this.metrics.databaseErrors.inc();
      throw error;
    }
  }

  private prepared(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.sqlite!.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  private pool(): Pool {
    return (this.dataSource.driver as unknown as { master: Pool }).master;
  }
}
