import { execFile } from 'node:child_process';
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

  it('diff: 0 when only the version differs, 1 with a summary or JSON when something changed', async () => {
    const same = await cli(['diff', fixture('minimal.json'), fixture('minimal.json')]);
    expect(same.code).toBe(0);
    const changed = await cli(['diff', fixture('minimal.json'), fixture('changed.yaml')]);
    expect(changed.code).toBe(1);
    expect(changed.out).toContain('criteria: isolation (ratings.container 2 -> 9)');
    const json = await cli(['diff', '--json', fixture('minimal.json'), fixture('changed.yaml')]);
    expect(JSON.parse(json.out).changes).toEqual(expect.arrayContaining([expect.objectContaining({ section: 'examples', id: 'isolation-heavy', change: 'added' })]));
    expect((await cli(['diff', fixture('minimal.json')])).code).toBe(2);
  });

  it('answers usage errors with 2', async () => {
    expect((await cli([])).code).toBe(2);
    expect((await cli(['frobnicate'])).code).toBe(2);
    expect((await cli(['help'])).code).toBe(0);
  });

  it('export: from a running service and from its database', async () => {
    const t = await startTestApp();
    try {
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      const url = await t.app.getUrl();
      const viaHttp = await cli(['export', '2026.1', '--url', url.replace('[::1]', '127.0.0.1'), '--key', KEYS.alice]);
      expect(viaHttp.code).toBe(0);
      expect(JSON.parse(viaHttp.out)).toEqual(readMatrixDocument('2026.1'));
      const unknown = await cli(['export', '1999.1', '--url', url, '--key', KEYS.alice]);
      expect(unknown.code).toBe(2);
      expect(unknown.err).toMatch(/404/);

      const viaDatabase = await cli(['export', '2026.1', '--format', 'yaml'], { DATABASE_URL: `sqlite:${t.databaseFile}` });
      expect(viaDatabase.code).toBe(0);
      expect(parseYaml(viaDatabase.out)).toEqual(readMatrixDocument('2026.1'));
    } finally {
      await t.close();
    }
  });

  it('sets the process exit code when run as a command', async () => {
    const run = promisify(execFile);
    const script = fileURLToPath(new URL('../src/cli/matrix-cli.ts', import.meta.url));
    await expect(run(process.execPath, ['--import', 'tsx', script, 'validate', fixture('minimal.json')])).resolves.toMatchObject({ stdout: expect.stringContaining('valid matrix test-1') });
    await expect(run(process.execPath, ['--import', 'tsx', script, 'test', fixture('changed.yaml')])).rejects.toMatchObject({ code: 1 });
    await expect(run(process.execPath, ['--import', 'tsx', script, 'diff', fixture('minimal.json')])).rejects.toMatchObject({ code: 2 });
  });
});
