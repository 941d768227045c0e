// The built service as the benchmarks start it: its own process, production logging, and the
// per-key and per-address limits, the storage quota, the concurrency cap and the requests per connection lifted (one
// client at full speed would otherwise measure the limits themselves).
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

export interface BenchService {
  child: ChildProcess;
  url: string;
  /** From spawning to the listening line. */
  startMs: number;
}

/**
 * Node's flags for the service, as the image's CMD and `npm start` give them (deployment-files.spec
 * checks all three agree). The old-generation ceiling is the one Node 24 derives by itself from the
 * 512 MB limit in docker-compose.yml, so a host without that limit runs the service as the container does.
 */
export const SERVICE_NODE_FLAGS = ['--max-semi-space-size=8', '--max-old-space-size=256'];

export function startBuiltService(env: { DATABASE_URL: string; API_KEYS: string } & Record<string, string>, startTimeoutMs = 30_000): Promise<BenchService> {
  const started = performance.now();
  const child = spawn(process.execPath, [...SERVICE_NODE_FLAGS, resolve('dist/src/main.js')], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      NODE_ENV: 'production',
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'log',
      RATE_LIMIT_PER_KEY: '1000000',
      RATE_LIMIT_PER_ADDRESS: '1000000',
      STORED_EVALUATIONS_PER_KEY_PER_HOUR: '100000000',
      CONCURRENT_HEAVY_PER_KEY: '1000',
      // autocannon keeps sending on a connection the service asked to close, and would count 503s.
      MAX_REQUESTS_PER_CONNECTION: '1000000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((ok, fail) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(`the service did not start:\n${out}`)), startTimeoutMs);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const match = /http:\/\/(?:localhost|127\.0\.0\.1|\[::1?\]):(\d+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        // The service logs a line per request: stop collecting, but keep the pipes drained.
        child.stdout.off('data', onData).resume();
        child.stderr.off('data', onData).resume();
        ok({ child, url: `http://127.0.0.1:${match[1]}`, startMs: performance.now() - started });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => fail(new Error(`the service exited with ${code}:\n${out}`)));
  });
}

/**
 * Starts the process's peak resident memory (VmHWM) again from what it holds now (Linux:
 * `5` written to clear_refs), so a peak read later belongs to what ran in between. False
 * where that is not allowed; the peak then covers the whole run so far.
 */
export function resetPeakRss(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** The process's peak resident memory (VmHWM), in MB. */
export function peakRssMb(pid: number): number {
  const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return hwm ? Math.round(Number(hwm[1]) / 1024) : NaN;
}
