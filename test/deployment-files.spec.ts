import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { CONFIG_VARIABLES } from '../src/config/config.js';
import { execForm, parseCopy, parseDockerfile } from './support/dockerfile.js';
import { REPO_ROOT } from './support/service-process.js';
import { SERVICE_NODE_FLAGS } from '../scripts/bench-service.js';

const read = (file: string) => readFileSync(join(REPO_ROOT, file), 'utf8');

describe('Dockerfile', () => {
  const stages = parseDockerfile();
  const runtime = stages.at(-1)!;
  const ops = (op: string) => runtime.instructions.filter((i) => i.op === op);
  const nodeMajor = read('.nvmrc').trim();

  it('is multi-stage, every stage on Node pinned by major and Debian release, never latest', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const stageNames = new Set(stages.map((s) => s.name));
    for (const stage of stages.filter((s) => !stageNames.has(s.image))) {
      expect(stage.image).toMatch(new RegExp(`^node:${nodeMajor}-bookworm-slim(@sha256:[0-9a-f]{64})?$`));
    }
  });

  it('builds in one stage and installs production dependencies only for the runtime', () => {
    const runs = (stage: string) =>
      stages
        .find((s) => s.name === stage)!
        .instructions.filter((i) => i.op === 'RUN')
        .map((i) => i.args)
        .join('\n');
    expect(runs('build')).toMatch(/npm ci\b/);
    expect(runs('build')).toMatch(/npm run build\b/);
    expect(runs('deps')).toMatch(/npm ci --omit=dev\b/);
  });

  it('gives the runtime stage dist/, production node_modules and package.json, and nothing else from the source', () => {
    const copies = ops('COPY')
      .concat(ops('ADD'))
      .map((i) => parseCopy(i.args));
    expect(copies.map((c) => `${c.from ?? 'context'}:${c.sources.join(',')}`).sort()).toEqual(['build:/app/dist', 'context:package.json', 'deps:/app/node_modules']);
  });

  it('runs as a non-root user, writing only to a data volume', () => {
    const user = ops('USER').at(-1)?.args;
    expect(user).toBeDefined();
    expect(user).not.toMatch(/^(root|0)(:|$)/);
    const userIndex = runtime.instructions.findIndex((i) => i.op === 'USER');
    expect(runtime.instructions.findIndex((i) => i.op === 'CMD')).toBeGreaterThan(userIndex);
    expect(
      ops('VOLUME')
        .map((v) => v.args)
        .join(' '),
    ).toContain('/app/data');
    expect(ops('WORKDIR').at(-1)?.args).toBe('/app');
  });

  it('checks its health on /health/ready with Node itself, no curl or wget', () => {
    const [healthcheck] = ops('HEALTHCHECK');
    expect(healthcheck).toBeDefined();
    const command = healthcheck.args.replace(/^(--\S+\s+)*CMD\s+/, '');
    const argv = execForm(command)!;
    expect(argv.slice(0, 2)).toEqual(['node', '-e']);
    expect(argv[2]).toContain('/health/ready');
    expect(healthcheck.args).not.toMatch(/\b(curl|wget)\b/);
  });

  it('starts Node under an init process, in exec form, so SIGTERM reaches it', () => {
    expect(execForm(ops('ENTRYPOINT').at(-1)!.args)).toEqual(['/usr/bin/tini', '--']);
    expect(
      ops('RUN')
        .map((r) => r.args)
        .join('\n'),
    ).toMatch(/apt-get install .*\btini\b/);
    expect(execForm(ops('CMD').at(-1)!.args)).toEqual(['node', ...SERVICE_NODE_FLAGS, 'dist/src/main.js']);
    expect(ops('STOPSIGNAL').at(-1)?.args ?? 'SIGTERM').toBe('SIGTERM');
  });

  it('runs Node with the flags the benchmarks measure and `npm start` uses', () => {
    const start = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts.start;
    expect(start).toContain(`node ${SERVICE_NODE_FLAGS.join(' ')} dist/src/main.js`);
  });

  it('carries OCI labels', () => {
    const labels = ops('LABEL')
      .map((l) => l.args)
      .join(' ');
    for (const key of ['title', 'description', 'version', 'revision']) expect(labels).toContain(`org.opencontainers.image.${key}=`);
  });

  it('has a .dockerignore that keeps dependencies, data, tests, secrets and git out of the context', () => {
    const ignored = read('.dockerignore')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    for (const entry of ['node_modules', 'dist', 'data', 'test', '.git', '.env', '*.db']) expect(ignored).toContain(entry);
  });
});

describe('docker-compose.yml', () => {
  const compose = parseYaml(read('docker-compose.yml')) as { services: Record<string, any>; volumes: Record<string, unknown> };
  const api = compose.services.api;
  const postgres = compose.services.postgres;

  it('builds the service from the Dockerfile and runs it on Postgres (pinned major) once Postgres is healthy', () => {
    expect(api.build).toBe('.');
    expect(postgres.image).toMatch(/^postgres:\d+(-[a-z]+)?$/);
    expect(api.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    expect(postgres.healthcheck.test.join(' ')).toContain('pg_isready');
    expect(api.healthcheck.test.join(' ')).toContain('/health/ready');
    expect(api.environment.DATABASE_URL).toMatch(/^postgres:\/\/[^:]+:\$\{POSTGRES_PASSWORD[^}]*\}@postgres:5432\//);
  });

  it('keeps Postgres data in a named volume', () => {
    const [volume] = (postgres.volumes as string[])[0].split(':');
    expect(Object.keys(compose.volumes)).toContain(volume);
  });

  it('hardens the service: read-only root, /tmp on tmpfs, no capabilities, no new privileges, memory and pid limits', () => {
    expect(api.read_only).toBe(true);
    expect((api.tmpfs as string[]).some((t) => t.split(':')[0] === '/tmp')).toBe(true);
    expect(api.cap_drop).toEqual(['ALL']);
    expect(api.security_opt).toContain('no-new-privileges:true');
    expect(api.mem_limit).toMatch(/^\d+[mg]$/);
    expect(api.pids_limit).toBeGreaterThan(0);
    expect(api.user ?? 'the image user').not.toMatch(/^(root|0)/);
  });

  it("caps V8's old generation at no more than Node derives from the memory limit (half of it)", () => {
    const limit = /^(\d+)([mg])$/.exec(api.mem_limit as string)!;
    const limitMb = Number(limit[1]) * (limit[2] === 'g' ? 1024 : 1);
    const flag = SERVICE_NODE_FLAGS.find((f) => f.startsWith('--max-old-space-size='));
    expect(flag).toBeDefined();
    // Above half, the heap's own ceiling sits so close to the container's that the kernel kills
    // the process before V8 has collected hard; Node 24 in a cgroup picks half by itself.
    expect(Number(flag!.split('=')[1])).toBeLessThanOrEqual(limitMb / 2);
  });

  it('publishes the port on 127.0.0.1 by default', () => {
    expect(api.ports).toHaveLength(1);
    expect(api.ports[0]).toMatch(/^\$\{API_BIND:-127\.0\.0\.1\}:/);
  });

  it('writes no secret: passwords and keys are interpolated from .env', () => {
    for (const service of Object.values(compose.services)) {
      for (const [name, value] of Object.entries((service.environment ?? {}) as Record<string, string>)) {
        if (/PASSWORD|KEYS|SECRET|TOKEN/.test(name)) expect(value).toMatch(/^\$\{[A-Z_]+(:?[-?][^}]*)?\}$/);
      }
    }
  });

  it('passes `docker-compose config -q`, and refuses to start without a Postgres password', () => {
    const which = spawnSync('docker-compose', ['version'], { encoding: 'utf8' });
    if (which.error) throw new Error('docker-compose not found: apt-get install -y docker-compose (.ci/run does)');
    const env = { PATH: process.env.PATH ?? '' };
    execFileSync('docker-compose', ['--env-file', '.env.example', '-f', 'docker-compose.yml', 'config', '-q'], { cwd: REPO_ROOT, env: { ...env, POSTGRES_PASSWORD: 'only-for-the-check' }, stdio: 'pipe' });
    const missing = spawnSync('docker-compose', ['--env-file', '.env.example', '-f', 'docker-compose.yml', 'config', '-q'], { cwd: REPO_ROOT, env, encoding: 'utf8' });
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toContain('POSTGRES_PASSWORD');
  });
});

describe('.env.example and the README', () => {
  const example = read('.env.example');
  const readme = read('README.md');
  const listed = new Set([...example.matchAll(/^#?\s*([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]));

  it('.env.example lists every variable the service reads and every one docker-compose.yml interpolates', () => {
    const interpolated = [...read('docker-compose.yml').matchAll(/\$\{([A-Z_]+)/g)].map((m) => m[1]);
    for (const variable of [...CONFIG_VARIABLES, ...interpolated]) expect([variable, listed.has(variable)]).toEqual([variable, true]);
  });

  it('.env.example holds no secret value', () => {
    expect(example).toMatch(/^POSTGRES_PASSWORD=$/m);
    expect(example).toMatch(/^API_KEYS=$/m);
  });

  it('the README documents every variable and has a Production section', () => {
    for (const variable of CONFIG_VARIABLES) expect([variable, readme.includes(`\`${variable}\``)]).toEqual([variable, true]);
    expect(readme).toMatch(/^## Production$/m);
  });

  it('the Production section covers start, the first admin key, scaling out, upgrades, backups and shutdown', () => {
    const section = readme.slice(readme.indexOf('## Production'), readme.indexOf('\n## ', readme.indexOf('## Production') + 1));
    for (const needle of ['cp .env.example .env', 'docker compose up -d', 'bootstrap-admin', '--scale api=', 'migrat', 'pg_dump', 'VACUUM INTO', 'SHUTDOWN_GRACE_MS', 'API_KEYS_FILE']) {
      expect([needle, section.includes(needle)]).toEqual([needle, true]);
    }
  });
});
