#!/usr/bin/env node
// placement-matrix: check, test, diff and export decision matrices from a terminal or a CI job.
// Only documents and reports go to stdout, so `> file` captures exactly the document;
// messages and problems go to stderr.
import 'reflect-metadata';
import { existsSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parse as parseYaml, stringify as toYaml } from 'yaml';
import { deriveWorkload, diffMatrices, EngineError, loadMatrix, runExamples, type LoadedMatrix } from '../engine/index.js';

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  env: NodeJS.ProcessEnv;
}

export const EXIT = { ok: 0, checkFailed: 1, usage: 2 } as const;

export const USAGE = `usage: placement-matrix <command> [options]

commands:
  validate <file>          check a matrix document (JSON or YAML)
  test <file>              validate, then run the document's own examples
  diff <fileA> <fileB>     what changed from A to B
  export <version>         print a stored version's document
                             from a running service: --url <url>, the key in PLACEMENT_API_KEY or --key-file
                             otherwise from the database: DATABASE_URL (default sqlite:data/placement.db)
  adr <evaluation-id>      a stored decision as an architecture decision record (Markdown), from --url
  derive <manifest>        the workload request a Kubernetes manifest (JSON or YAML) implies

options:
  --format <format>        text (validate, test, diff), json (all), yaml (diff, export); default text, json for export
  --url <url>              export, adr: the service to ask, such as http://localhost:3000
  --key-file <path>        export, adr: read the API key from this file instead of PLACEMENT_API_KEY
  --out <file>             adr: write the record to this file instead of stdout
  -h, --help               this text
  -V, --version            the version of placement-matrix

exit codes:
  0  success
  1  the check failed: an invalid matrix (validate, test), a failing example (test), differences found (diff),
     or a manifest that is not a supported workload (derive)
  2  usage error (unknown command or option, missing argument), a file or service that cannot be read,
     or a diff input that is not a valid matrix`;

const FORMATS: Record<string, readonly string[]> = {
  validate: ['text', 'json'],
  test: ['text', 'json'],
  diff: ['text', 'json', 'yaml'],
  export: ['json', 'yaml'],
  adr: ['markdown'],
  derive: ['json', 'yaml'],
};
const ARITY: Record<string, number> = { validate: 1, test: 1, diff: 2, export: 1, adr: 1, derive: 1 };

class UsageError extends Error {}
/** A problem that is not the caller's syntax: a file or service that cannot be read. */
class InputError extends Error {}

function readDocument(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read ${file}: ${(error as Error).message}`);
  }
  const yaml = /\.ya?ml$/i.test(file);
  try {
    return yaml ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    throw new InputError(`${file} is not valid ${yaml ? 'YAML' : 'JSON'}: ${(error as Error).message}`);
  }
}

function loadOrReport(file: string, io: CliIo): LoadedMatrix | EngineError {
  try {
    return loadMatrix(readDocument(file));
  } catch (error) {
    if (!(error instanceof EngineError)) throw error;
    io.err(`${file}: ${error.problems.length} problem${error.problems.length === 1 ? '' : 's'}`);
    for (const p of error.problems) io.err(`  ${p.path}: ${p.message}`);
    return error;
  }
}

function print(io: CliIo, format: string, value: unknown): void {
  io.out(format === 'yaml' ? toYaml(value).trimEnd() : JSON.stringify(value, null, 2));
}

/** The package's own version, found from this file whether it runs from src/ (tsx) or dist/. */
function packageVersion(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); dir !== dirname(dir); dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'placement-decision-service' && pkg.version) return pkg.version;
    }
  }
  return 'unknown';
}

/** Keys never travel in argv: every user of the machine can read it (ps, /proc). */
function apiKey(keyFile: string | undefined, io: CliIo): string {
  if (keyFile !== undefined) {
    try {
      const key = readFileSync(keyFile, 'utf8').trim();
      if (key) return key;
    } catch (error) {
      throw new InputError(`cannot read the key file ${keyFile}: ${(error as Error).message}`);
    }
    throw new InputError(`the key file ${keyFile} is empty`);
  }
  const key = io.env.PLACEMENT_API_KEY?.trim();
  if (!key) throw new UsageError('--url needs an API key: set PLACEMENT_API_KEY or pass --key-file <path>');
  return key;
}

/** GET from the service with the key; the body as text, or an InputError naming the status and the problem's detail. */
async function fetchText(url: string, path: string, accept: string, keyFile: string | undefined, io: CliIo): Promise<string> {
  const key = apiKey(keyFile, io);
  let res: Response;
  try {
    res = await fetch(`${url.replace(/\/$/, '')}${path}`, { headers: { 'X-API-Key': key, Accept: accept } });
  } catch (error) {
    throw new InputError(`cannot reach ${url}: ${(error as Error).message}`);
  }
  const text = await res.text();
  if (!res.ok) {
    let detail = res.statusText;
    try {
      detail = (JSON.parse(text) as { detail?: string }).detail ?? detail;
    } catch {
      // Not a problem document; the status text says enough.
    }
    throw new InputError(`the service answered ${res.status}: ${detail}`);
  }
  return text;
}

async function exportVersion(version: string, url: string | undefined, keyFile: string | undefined, io: CliIo): Promise<unknown> {
  if (url !== undefined) {
    const key = apiKey(keyFile, io);
    let res: Response;
    try {
      res = await fetch(`${url.replace(/\/$/, '')}/v1/matrices/${encodeURIComponent(version)}`, { headers: { 'X-API-Key': key } });
    } catch (error) {
      throw new InputError(`cannot reach ${url}: ${(error as Error).message}`);
    }
    const body = (await res.json().catch(() => ({}))) as { document?: unknown; detail?: string };
    if (!res.ok) throw new InputError(`the service answered ${res.status}: ${body.detail ?? res.statusText}`);
    return body.document;
  }
  const databaseUrl = io.env.DATABASE_URL || 'sqlite:data/placement.db';
  const sqliteFile = databaseUrl.startsWith('sqlite:') ? databaseUrl.slice('sqlite:'.length) : undefined;
  if (sqliteFile !== undefined && sqliteFile !== ':memory:' && !existsSync(sqliteFile)) {
    throw new InputError(`there is no database at ${sqliteFile}; start the service once (npm start), set DATABASE_URL, or export from a service with --url`);
  }
  // Imported here so that validate/test/diff never load the database layer.
  const { DataSource } = await import('typeorm');
  const { buildDataSourceOptions } = await import('../database/data-source-options.js');
  const { MatrixVersion } = await import('../matrices/matrix-version.entity.js');
  const dataSource = new DataSource({ ...buildDataSourceOptions(databaseUrl), entities: [MatrixVersion], migrationsRun: false, logging: false });
  try {
    await dataSource.initialize();
  } catch (error) {
    throw new InputError(`cannot open the database: ${(error as Error).message}`);
  }
  try {
    const row = await dataSource.getRepository(MatrixVersion).findOneBy({ version });
    if (!row) throw new InputError(`matrix version '${version}' is not in the database`);
    return row.document;
  } finally {
    await dataSource.destroy();
  }
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  try {
    if (argv.includes('--key') || argv.some((a) => a.startsWith('--key='))) {
      throw new UsageError('--key is not accepted, because every user of this machine can read command lines; set PLACEMENT_API_KEY or pass --key-file <path>');
    }
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string' },
        url: { type: 'string' },
        'key-file': { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'V' },
      },
    });
    if (values.help || positionals[0] === 'help') {
      io.out(USAGE);
      return EXIT.ok;
    }
    if (values.version) {
      io.out(packageVersion());
      return EXIT.ok;
    }
    const [command, ...args] = positionals;
    if (command === undefined) throw new UsageError('missing command');
    const formats = FORMATS[command];
    if (!formats) throw new UsageError(`unknown command '${command}'`);
    if (args.length !== ARITY[command]) throw new UsageError(`${command} takes ${ARITY[command] === 1 ? 'one argument' : `${ARITY[command]} arguments`}, got ${args.length}`);
    const format = values.format ?? formats[0];
    if (!formats.includes(format)) throw new UsageError(`${command} --format is ${formats.join(' or ')}, not '${format}'`);
    if (command !== 'export' && command !== 'adr' && (values.url !== undefined || values['key-file'] !== undefined)) throw new UsageError('--url and --key-file belong to export and adr');
    if (command !== 'adr' && values.out !== undefined) throw new UsageError('--out belongs to adr');

    switch (command) {
      case 'validate': {
        const matrix = loadOrReport(args[0], io);
        if (matrix instanceof EngineError) {
          if (format === 'json') print(io, format, { file: args[0], valid: false, problems: matrix.problems });
          return EXIT.checkFailed;
        }
        const summary = { file: args[0], valid: true, version: matrix.version, checksum: matrix.checksum, criteria: matrix.document.criteria.length, examples: matrix.document.examples.length };
        if (format === 'json') print(io, format, summary);
        else io.out(`${args[0]}: valid matrix ${matrix.version} (sha256 ${matrix.checksum}), ${summary.criteria} criteria, ${summary.examples} examples`);
        return EXIT.ok;
      }
      case 'test': {
        const matrix = loadOrReport(args[0], io);
        if (matrix instanceof EngineError) return EXIT.checkFailed;
        const outcomes = runExamples(matrix);
        const failed = outcomes.filter((o) => !o.passed).length;
        if (format === 'json') print(io, format, { version: matrix.version, passed: outcomes.length - failed, failed, outcomes });
        else {
          for (const o of outcomes) io.out(`${o.passed ? 'PASS' : 'FAIL'} ${o.id}: expected ${o.expected}, got ${o.got ?? 'no recommendation'}`);
          io.out(`${outcomes.length - failed} passed, ${failed} failed`);
        }
        return failed === 0 ? EXIT.ok : EXIT.checkFailed;
      }
      case 'diff': {
        const a = loadOrReport(args[0], io);
        const b = loadOrReport(args[1], io);
        if (a instanceof EngineError || b instanceof EngineError) return EXIT.usage;
        const result = diffMatrices(a.document, b.document);
        if (format === 'text') io.out(result.summary);
        else print(io, format, result);
        return result.identical ? EXIT.ok : EXIT.checkFailed;
      }
      case 'adr': {
        if (values.url === undefined) throw new UsageError('adr needs --url: the record is read from a running service');
        if (!/^[0-9a-f-]{36}$/i.test(args[0])) throw new UsageError(`'${args[0]}' is not an evaluation id`);
        const markdown = await fetchText(values.url, `/v1/evaluations/${args[0]}`, 'text/markdown', values['key-file'], io);
        if (values.out === undefined) io.out(markdown.trimEnd());
        else {
          writeFileSync(values.out, markdown);
          io.err(`wrote ${values.out}`);
        }
        return EXIT.ok;
      }
      case 'derive': {
        print(io, format, deriveWorkload(readDocument(args[0])));
        return EXIT.ok;
      }
      default: {
        print(io, format, await exportVersion(args[0], values.url, values['key-file'], io));
        return EXIT.ok;
      }
    }
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`placement-matrix: ${(error as Error).message}`);
      io.err('');
      io.err(USAGE);
      return EXIT.usage;
    }
    if (error instanceof EngineError) {
      io.err(error.message);
      return EXIT.checkFailed;
    }
    io.err(`placement-matrix: ${(error as Error).message}`);
    return EXIT.usage;
  }
}

const invokedDirectly = process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  const code = await runCli(process.argv.slice(2), { out: (l) => console.log(l), err: (l) => console.error(l), env: process.env });
  process.exitCode = code;
}
