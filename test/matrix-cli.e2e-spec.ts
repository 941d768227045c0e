import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { runCli } from '../src/cli/matrix-cli.js';
import { readMatrixDocument } from './support/factories.js';
import { KEYS, startTestApp } from './support/test-app.js';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/matrices/${name}`, import.meta.url));

async function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l), env });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('placement-matrix CLI', () => {
  it('validate: 0 for a valid file, 1 with every problem and its path for a broken one, 2 for a missing file', async () => {
    const ok = await cli(['validate', fixture('minimal.json')]);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/valid matrix test-1 \(sha256 [0-9a-f]{64}\)/);

    const broken = await cli(['validate', fixture('broken.json')]);
    expect(broken.code).toBe(1);
    expect(broken.err).toContain('criteria[1].ratings.vm');
    expect(broken.err).toContain("importanceRules[0].when.value: 'shared' is not a value of 'tenancy'");

    const missing = await cli(['validate', fixture('nope.json')]);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/cannot read/);
  });

  it('test: runs the examples of a JSON or YAML file and fails on a wrong expectation', async () => {
    const passing = await cli(['test', fixture('minimal.json')]);
    expect(passing).toMatchObject({ code: 0 });
    expect(passing.out).toContain('PASS plain: expected microvm, got microvm');

    const failing = await cli(['test', fixture('changed.yaml')]);
    expect(failing.code).toBe(1);
    expect(failing.out).toContain('FAIL plain: expected microvm, got container');
    expect(failing.out).toContain('PASS isolation-heavy');

    expect((await cli(['test', fixture('broken.json')])).code).toBe(1);
  });

  it('diff: 0 when only the version differs, 1 with a summary, JSON or YAML when something changed', async () => {
    const same = await cli(['diff', fixture('minimal.json'), fixture('minimal.json')]);
    expect(same.code).toBe(0);
    const changed = await cli(['diff', fixture('minimal.json'), fixture('changed.yaml')]);
    expect(changed.code).toBe(1);
    expect(changed.out).toContain('criteria: isolation (ratings.container 2 -> 9)');
    const json = await cli(['diff', '--format', 'json', fixture('minimal.json'), fixture('changed.yaml')]);
    expect(JSON.parse(json.out).changes).toEqual(expect.arrayContaining([expect.objectContaining({ section: 'examples', id: 'isolation-heavy', change: 'added' })]));
    expect(parseYaml((await cli(['diff', fixture('minimal.json'), fixture('changed.yaml'), '--format=yaml'])).out)).toEqual(JSON.parse(json.out));
    expect((await cli(['diff', fixture('minimal.json')])).code).toBe(2);
    expect((await cli(['diff', fixture('minimal.json'), fixture('broken.json')])).code).toBe(2);
  });

  it('validate and test speak JSON too', async () => {
    expect(JSON.parse((await cli(['validate', '--format', 'json', fixture('minimal.json')])).out)).toMatchObject({ valid: true, version: 'test-1', examples: 1 });
    const broken = await cli(['validate', '--format', 'json', fixture('broken.json')]);
    expect(broken.code).toBe(1);
    expect(JSON.parse(broken.out)).toMatchObject({ valid: false, problems: expect.arrayContaining([expect.objectContaining({ path: 'criteria[1].ratings.vm' })]) });
    const tested = await cli(['test', fixture('changed.yaml'), '--format', 'json']);
    expect(tested.code).toBe(1);
    expect(JSON.parse(tested.out)).toMatchObject({ failed: 1, outcomes: expect.arrayContaining([expect.objectContaining({ id: 'plain', passed: false })]) });
  });

  it('answers usage errors, unknown and misspelled options with the usage text and 2', async () => {
    for (const args of [
      [],
      ['frobnicate'],
      ['validate'],
      ['validate', fixture('minimal.json'), '--jsn'],
      ['diff', '--json', fixture('minimal.json'), fixture('minimal.json')],
      ['validate', '--format', 'yaml', fixture('minimal.json')],
      ['validate', '--url', 'http://x', fixture('minimal.json')],
    ]) {
      const res = await cli(args);
      expect([args, res.code]).toEqual([args, 2]);
      expect(res.err).toContain('usage: placement-matrix <command>');
      expect(res.out).toBe('');
    }
    const help = await cli(['--help']);
    expect(help).toMatchObject({ code: 0, err: '' });
    expect(help.out).toContain('exit codes:');
    expect((await cli(['help'])).code).toBe(0);
    expect(await cli(['--version'])).toMatchObject({ code: 0, out: JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version });
  });

  it('export: from a running service with the key from the environment or a file, and from its database', async () => {
    const t = await startTestApp();
    const dir = mkdtempSync(join(tmpdir(), 'placement-cli-'));
    try {
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      const url = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
      const viaHttp = await cli(['export', '2026.1', '--url', url], { PLACEMENT_API_KEY: KEYS.alice });
      expect(viaHttp.code).toBe(0);
      expect(JSON.parse(viaHttp.out)).toEqual(readMatrixDocument('2026.1'));
      const keyFile = join(dir, 'key');
      writeFileSync(keyFile, `${KEYS.alice}\n`, { mode: 0o600 });
      expect(parseYaml((await cli(['export', '2026.1', '--url', url, '--key-file', keyFile, '--format', 'yaml'])).out)).toEqual(readMatrixDocument('2026.1'));

      const onArgv = await cli(['export', '2026.1', '--url', url, '--key', KEYS.alice]);
      expect(onArgv.code).toBe(2);
      expect(onArgv.err).toContain('PLACEMENT_API_KEY');
      expect(onArgv.err).not.toContain(KEYS.alice);
      expect((await cli(['export', '2026.1', '--url', url])).code).toBe(2);
      const unknown = await cli(['export', '1999.1', '--url', url], { PLACEMENT_API_KEY: KEYS.alice });
      expect(unknown.code).toBe(2);
      expect(unknown.err).toMatch(/404/);

      const viaDatabase = await cli(['export', '2026.1', '--format', 'yaml'], { DATABASE_URL: `sqlite:${t.databaseFile}` });
      expect(viaDatabase.code).toBe(0);
      expect(parseYaml(viaDatabase.out)).toEqual(readMatrixDocument('2026.1'));
      const noDatabase = await cli(['export', '2026.1'], { DATABASE_URL: `sqlite:${join(dir, 'absent.db')}` });
      expect(noDatabase.code).toBe(2);
      expect(noDatabase.err).toContain('npm start');
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await t.close();
    }
  });

  it('adr: writes a stored decision as a MADR record from a running service; derive: drafts a workload from a manifest', async () => {
    const t = await startTestApp();
    const dir = mkdtempSync(join(tmpdir(), 'placement-cli-'));
    try {
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      const url = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
      const stored = await t.http().post('/v1/evaluations').set('X-API-Key', KEYS.alice).send({ name: 'orders API', codeTrust: 'first-party', tenancy: 'single-tenant' });
      const out = join(dir, 'adr.md');
      const written = await cli(['adr', stored.body.id, '--url', url, '--out', out], { PLACEMENT_API_KEY: KEYS.alice });
      expect(written).toMatchObject({ code: 0, out: '' });
      const markdown = readFileSync(out, 'utf8');
      expect(markdown).toMatch(/^# Run "orders API" as Container\n/);
      expect(markdown).toContain(stored.body.id);
      expect((await cli(['adr', stored.body.id, '--url', url], { PLACEMENT_API_KEY: KEYS.alice })).out).toBe(markdown.trimEnd());
      const hidden = await cli(['adr', stored.body.id, '--url', url], { PLACEMENT_API_KEY: KEYS.bob });
      expect(hidden.code).toBe(2);
      expect(hidden.err).toMatch(/404/);
      expect((await cli(['adr', 'not-an-id', '--url', url], { PLACEMENT_API_KEY: KEYS.alice })).code).toBe(2);
      expect((await cli(['adr', stored.body.id], { PLACEMENT_API_KEY: KEYS.alice })).code).toBe(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await t.close();
    }

    const manifest = fileURLToPath(new URL('./fixtures/manifests/deployment.yaml', import.meta.url));
    const derived = await cli(['derive', manifest]);
    expect(derived.code).toBe(0);
    expect(JSON.parse(derived.out)).toMatchObject({ workload: { name: 'recommendation-inference', gpu: 'dedicated', privileges: ['host-network'], scale: { instances: 6 } }, currentPlacement: 'container' });
    expect(parseYaml((await cli(['derive', manifest, '--format', 'yaml'])).out)).toEqual(JSON.parse(derived.out));
    const notWorkload = await cli(['derive', fixture('minimal.json')]);
    expect(notWorkload.code).toBe(1);
    expect(notWorkload.err).toContain('The manifest has no kind');
    expect((await cli(['derive', manifest, '--out', 'x.md'])).code).toBe(2);
  });

  it('sets the process exit code when run as a command', async () => {
    const run = promisify(execFile);
    const script = fileURLToPath(new URL('../src/cli/matrix-cli.ts', import.meta.url));
    await expect(run(process.execPath, ['--import', 'tsx', script, 'validate', fixture('minimal.json')])).resolves.toMatchObject({ stdout: expect.stringContaining('valid matrix test-1') });
    await expect(run(process.execPath, ['--import', 'tsx', script, 'test', fixture('changed.yaml')])).rejects.toMatchObject({ code: 1 });
    await expect(run(process.execPath, ['--import', 'tsx', script, 'diff', fixture('minimal.json')])).rejects.toMatchObject({ code: 2 });
    const version = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version as string;
    await expect(run(process.execPath, ['--import', 'tsx', script, '-V'])).resolves.toMatchObject({ stdout: `${version}\n`, stderr: '' });
  });
});

describe('the README', () => {
  // Each line of the README's CLI block runs as written in a scratch folder that looks like a
  // fresh clone (the repository's files, node_modules linked in), against a running service; only the
  // service's address is changed to the test's port. `# exit N` says which exit code a line expects.
  it('has CLI examples that run as written', async () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const block = readme.split('<!-- cli-examples: run by test/matrix-cli.e2e-spec.ts -->')[1].match(/```sh\n([\s\S]*?)```/)![1];
    const lines = block.split('\n').filter((l) => l.trim() !== '');
    expect(lines.length).toBeGreaterThanOrEqual(8);

    const root = fileURLToPath(new URL('..', import.meta.url));
    const clone = mkdtempSync(join(tmpdir(), 'placement-readme-'));
    // Copies, not links: tsx applies tsconfig.json only to files under it, by real path.
    for (const entry of ['package.json', 'tsconfig.json', 'src', 'migrations', 'test/fixtures']) cpSync(join(root, entry), join(clone, entry), { recursive: true });
    const linked = ['node_modules'];
    for (const entry of linked) symlinkSync(join(root, entry), join(clone, entry));
    const t = await startTestApp();
    try {
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      const url = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
      const env = { ...process.env, PLACEMENT_API_KEY: KEYS.alice, DATABASE_URL: `sqlite:${t.databaseFile}` };
      for (const line of lines) {
        const expected = Number(line.match(/#\s*exit (\d)/)?.[1] ?? 0);
        const run = await promisify(execFile)('bash', ['-c', line.replace('http://localhost:3000', url)], { cwd: clone, env }).then(
          (r) => ({ code: 0, stderr: r.stderr }),
          (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }),
        );
        expect({ line, code: run.code, stderr: run.stderr }).toEqual({ line, code: expected, stderr: expected === 0 ? '' : expect.any(String) });
      }
      expect(parseYaml(readFileSync(join(clone, '2026.1.yaml'), 'utf8'))).toEqual(readMatrixDocument('2026.1'));
      expect(JSON.parse(readFileSync(join(clone, '2026.1.json'), 'utf8'))).toEqual(readMatrixDocument('2026.1'));
      expect(JSON.parse(readFileSync(join(clone, 'changes.json'), 'utf8'))).toMatchObject({ identical: false });
    } finally {
      await t.close();
      // The links first, so that removing the scratch folder can never reach into the repository.
      for (const entry of linked) unlinkSync(join(clone, entry));
      rmSync(clone, { recursive: true, force: true });
    }
  }, 120_000);
});
