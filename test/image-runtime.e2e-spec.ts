import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { SHIPPED_MATRIX_VERSIONS } from '../src/matrices/shipped-matrices.js';
import { workloadInput } from './support/factories.js';
import { execForm, parseCopy, parseDockerfile } from './support/dockerfile.js';
import { send } from './support/http-client.js';
import { buildDist, killAllServices, REPO_ROOT, startService } from './support/service-process.js';
import { API_KEYS, KEYS } from './support/test-app.js';

/**
 * No container engine runs here, so this builds the image's runtime file set by hand, as
 * the Dockerfile's last stage describes it, makes it read-only, and runs the image's CMD in
 * it: the service must start, migrate and answer while writing only to its data folder.
 */
const NOBODY = 65534;

/** The packages `npm ci --omit=dev` installs, from the lock file; linked, not copied, to keep the test quick. */
function linkProductionDependencies(target: string): void {
  const lock = JSON.parse(readFileSync(join(REPO_ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> };
  for (const [path, meta] of Object.entries(lock.packages)) {
    const name = path.startsWith('node_modules/') ? path.slice('node_modules/'.length) : undefined;
    // Nested copies live inside their parent package and come along with it.
    if (!name || name.includes('/node_modules/') || meta.dev) continue;
    mkdirSync(dirname(join(target, name)), { recursive: true });
    symlinkSync(join(REPO_ROOT, 'node_modules', name), join(target, name));
  }
}

/** Every file and folder under `root` (links not followed), with size and modification time. */
function snapshot(root: string): Record<string, string> {
  const entries: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      const stat = lstatSync(path);
      entries[path.slice(root.length)] = `${stat.size}:${stat.mtimeMs}`;
      if (stat.isDirectory()) walk(path);
    }
  };
  walk(root);
  return entries;
}

function setWritable(root: string, writable: boolean): void {
  const walk = (path: string) => {
    const stat = lstatSync(path);
    if (stat.isSymbolicLink()) return;
    if (stat.isDirectory()) {
      chmodSync(path, writable ? 0o755 : 0o555);
      for (const entry of readdirSync(path)) walk(join(path, entry));
    } else chmodSync(path, writable ? 0o644 : 0o444);
  };
  walk(root);
}

describe('the image runtime file set, read-only', () => {
  let root: string;
  let app: string;
  let data: string;
  let asUser: { uid?: number; gid?: number } = {};

  const stages = parseDockerfile();
  const runtime = stages.at(-1)!;
  const argv = (op: string) => execForm(runtime.instructions.filter((i) => i.op === op).at(-1)!.args)!;
  const imageEnv = Object.fromEntries(runtime.instructions.filter((i) => i.op === 'ENV').flatMap((i) => [...i.args.matchAll(/(\w+)=(\S+)/g)].map((m) => [m[1], m[2]])));
  const healthcheck = JSON.parse(runtime.instructions.find((i) => i.op === 'HEALTHCHECK')!.args.replace(/^(--\S+\s+)*CMD\s+/, '')) as string[];

  /** Runs the image's HEALTHCHECK command against `port`; its exit code. */
  const runHealthcheck = (port: number) => spawnSync(process.execPath, healthcheck.slice(1), { env: { PATH: process.env.PATH ?? '', PORT: String(port) }, timeout: 10_000 }).status;

  beforeAll(() => {
    buildDist();
    root = mkdtempSync(join(tmpdir(), 'placement-image-'));
    chmodSync(root, 0o755);
    app = join(root, 'app');
    data = join(root, 'data');
    mkdirSync(app);
    mkdirSync(data);
    mkdirSync(join(root, 'tmp'), { mode: 0o1777 });
    for (const copy of runtime.instructions.filter((i) => i.op === 'COPY').map((i) => parseCopy(i.args))) {
      for (const source of copy.sources) {
        const relative = source.replace(/^\/app\//, '');
        const target = join(app, copy.dest.replace(/^\.\/?/, ''), copy.dest.endsWith('/') ? relative : '');
        if (relative === 'node_modules') linkProductionDependencies(target);
        else cpSync(join(REPO_ROOT, relative), target, { recursive: true });
      }
    }
    setWritable(app, false);
    // Root ignores file modes, so as root the service runs as nobody (if nobody can read the
    // checkout); in every case the tree is compared before and after.
    if (process.getuid?.() === 0) {
      const probe = spawnSync(process.execPath, ['-e', 'require("fs").readFileSync(process.argv[1]); require("fs").readdirSync(process.argv[2])', join(app, 'package.json'), realpathSync(join(app, 'node_modules/@nestjs/core'))], {
        uid: NOBODY,
        gid: NOBODY,
      });
      if (probe.status === 0) {
        asUser = { uid: NOBODY, gid: NOBODY };
        chownSync(data, NOBODY, NOBODY);
      }
    }
  });
  afterAll(async () => {
    await killAllServices();
    if (root) {
      setWritable(app, true);
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('holds only dist/, package.json and production node_modules', () => {
    expect(readdirSync(app).sort()).toEqual(['dist', 'node_modules', 'package.json']);
    for (const version of SHIPPED_MATRIX_VERSIONS) expect(existsSync(join(app, `dist/src/engine/matrices/${version}.json`))).toBe(true);
    expect(existsSync(join(app, 'node_modules/jest'))).toBe(false);
    expect(existsSync(join(app, 'node_modules/better-sqlite3'))).toBe(true);
  });

  it("starts with the image's CMD, migrates a fresh database, answers, passes its HEALTHCHECK, and writes nothing outside its data folder", async () => {
    if (asUser.uid !== undefined) {
      const write = spawnSync(process.execPath, ['-e', 'require("fs").writeFileSync(process.argv[1], "x")', join(app, 'probe')], asUser);
      expect(write.status).not.toBe(0);
    }
    const before = snapshot(app);
    const service = await startService({
      cwd: app,
      command: argv('CMD'),
      ...asUser,
      env: { ...imageEnv, DATABASE_URL: `sqlite:${join(data, 'placement.db')}`, API_KEYS, HOME: app, TMPDIR: join(root, 'tmp') },
    });
    expect((await send(service.url, 'GET', '/health/ready')).status).toBe(200);
    const created = await send(service.url, 'POST', '/v1/evaluations', { key: KEYS.alice, body: workloadInput({ name: 'from the image file set' }) });
    expect(created.status).toBe(201);
    expect((await send(service.url, 'GET', `/v1/evaluations/${created.body.id}`, { key: KEYS.alice })).body.workload.name).toBe('from the image file set');
    expect(runHealthcheck(service.port)).toBe(0);
    // The decision explorer ships inside dist/, so the image serves it too.
    const page = await send(service.url, 'GET', '/');
    expect(page.status).toBe(200);
    const script = /src="(\/explorer\/explorer-\w+\.js)"/.exec(page.body as string)?.[1];
    expect(script).toBeDefined();
    expect((await send(service.url, 'GET', script!)).status).toBe(200);

    // The README's online SQLite backup, run beside the live service as `docker exec` would.
    const backup = /docker exec placement node -e "([^"]+)"/.exec(readFileSync(join(REPO_ROOT, 'README.md'), 'utf8'))![1];
    const backedUp = spawnSync(process.execPath, ['-e', backup], { cwd: root, env: { PATH: process.env.PATH ?? '', NODE_PATH: join(app, 'node_modules') }, ...asUser, encoding: 'utf8', timeout: 10_000 });
    expect(backedUp.stderr).toBe('');
    expect(backedUp.status).toBe(0);
    const copy = spawnSync(process.execPath, ['-e', 'const db = new (require("better-sqlite3"))(process.argv[1], { readonly: true }); console.log(db.prepare("SELECT workload_name FROM evaluations").pluck().all().join())', join(data, 'backup.db')], {
      env: { PATH: process.env.PATH ?? '', NODE_PATH: join(app, 'node_modules') },
      encoding: 'utf8',
    });
    expect(copy.stdout.trim()).toBe('from the image file set');

    service.child.kill('SIGTERM');
    expect((await service.exited).code).toBe(0);
    expect(runHealthcheck(service.port)).toBe(1);
    expect(snapshot(app)).toEqual(before);
    expect(readdirSync(data)).toContain('placement.db');
  });
});
