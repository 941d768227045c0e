import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const STAMP = join(REPO_ROOT, 'dist', '.test-build-stamp');
const SOURCES = ['src', 'migrations', 'scripts', 'web', 'tsconfig.json', 'tsconfig.build.json', 'package.json'];

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((entry) => newestMtime(join(path, entry))));
}

/**
 * Builds dist/ as `npm run build` does, unless it is newer than every source: the suites
 * that run the service as a process need it, and `npm test` from a clean clone has none.
 */
export function buildDist(): string {
  const newestSource = Math.max(
    ...SOURCES.map((s) => join(REPO_ROOT, s))
      .filter(existsSync)
      .map(newestMtime),
  );
  if (existsSync(STAMP) && statSync(STAMP).mtimeMs >= newestSource) return join(REPO_ROOT, 'dist');
  execFileSync(process.execPath, [join(REPO_ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: REPO_ROOT, stdio: 'inherit' });
  cpSync(join(REPO_ROOT, 'src/engine/matrices'), join(REPO_ROOT, 'dist/src/engine/matrices'), { recursive: true });
  execFileSync(process.execPath, [join(REPO_ROOT, 'dist/scripts/build-explorer.js')], { cwd: REPO_ROOT, stdio: 'ignore' });
  writeFileSync(STAMP, new Date().toISOString());
  return join(REPO_ROOT, 'dist');
}

export interface ServiceProcess {
  child: ChildProcess;
  port: number;
  url: string;
  /** Everything the process wrote so far, stdout and stderr interleaved. */
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const running = new Set<ChildProcess>();

/** Every process started here, killed; call it from afterAll so a failed test leaves nothing behind. */
export async function killAllServices(): Promise<void> {
  await Promise.all(
    [...running].map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
  running.clear();
}

/**
 * Starts `command` (the built service) as its own process and waits until it logs the
 * port it listens on. PORT defaults to 0, so the system picks a free port.
 */
export async function startService(options: { env: Record<string, string>; cwd?: string; command?: string[]; uid?: number; gid?: number; timeoutMs?: number }): Promise<ServiceProcess> {
  const [program, ...args] = options.command ?? ['node', 'dist/src/main.js'];
  const child = spawn(program === 'node' ? process.execPath : program, args, {
    cwd: options.cwd ?? REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'log', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    uid: options.uid,
    gid: options.gid,
  });
  running.add(child);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const timeoutMs = options.timeoutMs ?? 20_000;
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the service did not start within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const check = () => {
      const match = /Listening on http:\/\/[^:]+:(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout.on('data', check);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`the service exited (${code ?? signal}) before listening:\n${output}`));
    });
  });
  return { child, port, url: `http://127.0.0.1:${port}`, output: () => output, exited };
}

/** Polls `probe` every 50 ms until it returns true or `timeoutMs` passes; returns the last answer. */
export async function waitFor(probe: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const started = Date.now();
  for (;;) {
    if (await probe().catch(() => false)) return true;
    if (Date.now() - started > timeoutMs) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
}
