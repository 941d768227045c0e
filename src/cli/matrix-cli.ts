#!/usr/bin/env node
// placement-matrix: check, test, diff and export decision matrices from a terminal or a CI job.
// Exit codes: 0 success; 1 the check failed (invalid, failing examples, or a diff found changes); 2 usage or I/O error.
import 'reflect-metadata';
import { readFileSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml, stringify as toYaml } from 'yaml';
import { diffMatrices, EngineError, loadMatrix, runExamples, type LoadedMatrix } from '../engine/index.js';

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  env: NodeJS.ProcessEnv;
}

const USAGE = `usage: placement-matrix <command>
  validate <file>              check a matrix document (JSON or YAML)
  test <file>                  validate, then run the document's own examples
  diff <fileA> <fileB>         what changed from A to B (--json for the structured diff)
  export <version>             print a stored version's document (--format json|yaml)
                               from a running service: --url http://host:3000 --key <api key>
                               or from the database: DATABASE_URL (default sqlite:data/placement.db)
exit codes: 0 ok, 1 check failed or differences found, 2 usage or I/O error`;

class UsageError extends Error {}

function readDocument(file: string | undefined): unknown {
  if (!file) throw new UsageError('missing file argument');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    return /\.ya?ml$/i.test(file) ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file} is not valid ${/\.ya?ml$/i.test(file) ? 'YAML' : 'JSON'}: ${(error as Error).message}`);
  }
}

function loadOrReport(file: string, io: CliIo): LoadedMatrix | null {
  try {
    return loadMatrix(readDocument(file));
  } catch (error) {
    if (!(error instanceof EngineError)) throw error;
    io.err(`${file}: ${error.problems.length} problem${error.problems.length === 1 ? '' : 's'}`);
    for (const p of error.problems) io.err(`  ${p.path}: ${p.message}`);
    return null;
  }
}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  if (i === -1) return undefined;
  const value = args[i + 1];
  if (!value || value.startsWith('--')) throw new UsageError(`--${name} needs a value`);
  args.splice(i, 2);
  return value;
}

async function exportVersion(version: string | undefined, args: string[], io: CliIo): Promise<unknown> {
  if (!version) throw new UsageError('missing version argument');
  const url = option(args, 'url');
  const key = option(args, 'key') ?? io.env.PLACEMENT_API_KEY;
  if (url) {
    if (!key) throw new UsageError('--url needs --key (or PLACEMENT_API_KEY)');
    const res = await fetch(`${url.replace(/\/$/, '')}/v1/matrices/${encodeURIComponent(version)}`, { headers: { 'X-API-Key': key } });
    const body = (await res.json().catch(() => ({}))) as { document?: unknown; detail?: string };
    if (!res.ok) throw new UsageError(`the service answered ${res.status}: ${body.detail ?? res.statusText}`);
    return body.document;
  }
  // Imported here so that validate/test/diff never load the database layer.
  const { DataSource } = await import('typeorm');
  const { buildDataSourceOptions } = await import('../database/data-source-options.js');
  const { MatrixVersion } = await import('../matrices/matrix-version.entity.js');
  const dataSource = new DataSource({ ...buildDataSourceOptions(io.env.DATABASE_URL ?? 'sqlite:data/placement.db'), entities: [MatrixVersion], migrationsRun: false });
  await dataSource.initialize();
  try {
    const row = await dataSource.getRepository(MatrixVersion).findOneBy({ version });
    if (!row) throw new UsageError(`matrix version '${version}' is not in the database`);
    return row.document;
  } finally {
    await dataSource.destroy();
  }
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const args = [...argv];
  const command = args.shift();
  try {
    switch (command) {
      case 'validate': {
        const matrix = loadOrReport(readFileArg(args), io);
        if (!matrix) return 1;
        io.out(`${args[0]}: valid matrix ${matrix.version} (sha256 ${matrix.checksum}), ${matrix.document.criteria.length} criteria, ${matrix.document.examples.length} examples`);
        return 0;
      }
      case 'test': {
        const matrix = loadOrReport(readFileArg(args), io);
        if (!matrix) return 1;
        const outcomes = runExamples(matrix);
        for (const o of outcomes) io.out(`${o.passed ? 'PASS' : 'FAIL'} ${o.id}: expected ${o.expected}, got ${o.got ?? 'no recommendation'}`);
        const failed = outcomes.filter((o) => !o.passed).length;
        io.out(`${outcomes.length - failed} passed, ${failed} failed`);
        return failed === 0 ? 0 : 1;
      }
      case 'diff': {
        const json = args.includes('--json');
        const files = args.filter((a) => a !== '--json');
        if (files.length !== 2) throw new UsageError('diff needs two files');
        const a = loadOrReport(files[0]!, io);
        const b = loadOrReport(files[1]!, io);
        if (!a || !b) return 2;
        const result = diffMatrices(a.document, b.document);
        io.out(json ? JSON.stringify(result, null, 2) : result.summary);
        return result.identical ? 0 : 1;
      }
      case 'export': {
        const format = option(args, 'format') ?? 'json';
        if (format !== 'json' && format !== 'yaml') throw new UsageError('--format is json or yaml');
        const document = await exportVersion(args[0], args.slice(1), io);
        io.out(format === 'yaml' ? toYaml(document) : JSON.stringify(document, null, 2));
        return 0;
      }
      case undefined:
      case 'help':
      case '--help':
        io.out(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command '${command}'`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`placement-matrix: ${error.message}`);
      if (error.message.startsWith('unknown command') || error.message.startsWith('missing')) io.err(USAGE);
      return 2;
    }
    if (error instanceof EngineError) {
      io.err(error.message);
      return 1;
    }
    io.err(`placement-matrix: ${(error as Error).message}`);
    return 2;
  }
}

function readFileArg(args: string[]): string {
  if (!args[0]) throw new UsageError('missing file argument');
  return args[0];
}

const invokedDirectly = process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  const code = await runCli(process.argv.slice(2), { out: (l) => console.log(l), err: (l) => console.error(l), env: process.env });
  process.exitCode = code;
}
