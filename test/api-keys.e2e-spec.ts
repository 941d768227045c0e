import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import request from 'supertest';
import { createApp } from '../src/app.setup.js';
import { KEY_CACHE_MS } from '../src/auth/api-key.service.js';
import { runKeysCli } from '../src/cli/keys-cli.js';
import { loadConfig } from '../src/config/config.js';
import { readMatrixDocument, workloadInput } from './support/factories.js';
import { API_KEYS, KEYS, startTestApp, type TestApp } from './support/test-app.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('key management over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });
  const admin = () => ({
    post: (body: object) => t.http().post('/v1/api-keys').set('X-API-Key', KEYS.admin).send(body),
    list: () => t.http().get('/v1/api-keys').set('X-API-Key', KEYS.admin),
    revoke: (name: string) => t.http().delete(`/v1/api-keys/${name}`).set('X-API-Key', KEYS.admin),
  });

  it('creates a key whose 256-bit secret is shown once, lists keys without secrets, and revokes on the next request', async () => {
    const created = await admin().post({ name: 'ci-pipeline', role: 'evaluator' });
    expect(created.status).toBe(201);
    expect(created.headers['cache-control']).toBe('no-store');
    expect(created.body).toMatchObject({ name: 'ci-pipeline', role: 'evaluator', source: 'api', createdBy: 'admin', revokedAt: null, expiresAt: null });
    const secret: string = created.body.secret;
    expect(secret).toMatch(/^pk_[A-Za-z0-9_-]{43}$/);
    expect((await t.http().get('/v1/matrices').set('X-API-Key', secret)).status).toBe(200);

    const list = await admin().list();
    expect(list.status).toBe(200);
    expect(JSON.stringify(list.body)).not.toContain(secret);
    expect(JSON.stringify(list.body)).not.toMatch(/[0-9a-f]{64}/);
    const row = list.body.items.find((k: { name: string }) => k.name === 'ci-pipeline');
    expect(row).toMatchObject({ id: created.body.id, lastUsedAt: expect.any(String) });
    expect(row).not.toHaveProperty('secret');

    expect((await admin().post({ name: 'ci-pipeline', role: 'admin' })).status).toBe(409);
    expect((await admin().revoke('ci-pipeline')).status).toBe(204);
    expect((await t.http().get('/v1/matrices').set('X-API-Key', secret)).status).toBe(401);
    expect((await admin().revoke('ci-pipeline')).status).toBe(404);
  });

  it('validates what it is given', async () => {
    for (const body of [
      { name: 'bad name', role: 'evaluator' },
      { name: 'x', role: 'root' },
      { name: 'x', role: 'admin', expiresAt: '2001-01-01T00:00:00Z' },
      { name: 'x', role: 'admin', secret: 'mine-mine-mine-mine-mine-mine-mine' },
    ]) {
      expect((await admin().post(body)).status).toBe(400);
    }
    expect((await t.http().post('/v1/api-keys').set('X-API-Key', KEYS.alice).send({ name: 'x', role: 'admin' })).status).toBe(403);
  });

  it('stops accepting an expired key', async () => {
    const created = await admin().post({ name: 'short-lived', role: 'evaluator', expiresAt: new Date(Date.now() + 1500).toISOString() });
    expect((await t.http().get('/v1/matrices').set('X-API-Key', created.body.secret)).status).toBe(200);
    await sleep(1600);
    expect((await t.http().get('/v1/matrices').set('X-API-Key', created.body.secret)).status).toBe(401);
  });

  it('records belong to the key id: a new key with an old name does not inherit its evaluations', async () => {
    const first = (await admin().post({ name: 'team-a', role: 'evaluator' })).body;
    const stored = await t
      .http()
      .post('/v1/evaluations')
      .set('X-API-Key', first.secret)
      .send(workloadInput({ name: 'team-a record' }));
    expect(stored.status).toBe(201);
    await admin().revoke('team-a');
    const second = (await admin().post({ name: 'team-a', role: 'evaluator' })).body;
    expect(second.id).not.toBe(first.id);
    expect((await t.http().get(`/v1/evaluations/${stored.body.id}`).set('X-API-Key', second.secret)).status).toBe(404);
    expect((await t.http().get('/v1/evaluations').set('X-API-Key', second.secret)).body.items).toEqual([]);
    expect((await t.http().get(`/v1/evaluations/${stored.body.id}`).set('X-API-Key', KEYS.admin)).status).toBe(200);
  });

  it('audit entries name the acting key by its id as well as its name', async () => {
    const doc = readMatrixDocument();
    doc.version = 'audited-by-id';
    expect((await t.http().post('/v1/matrices').set('X-API-Key', KEYS.admin).send(doc)).status).toBe(201);
    const adminId = (await admin().list()).body.items.find((k: { name: string; revokedAt: string | null }) => k.name === 'admin' && !k.revokedAt).id;
    const audit = await t.http().get('/v1/audit?version=audited-by-id').set('X-API-Key', KEYS.admin);
    expect(audit.body.items).toEqual([expect.objectContaining({ action: 'create', apiKeyName: 'admin', apiKeyId: adminId })]);
  });

  it('never writes a secret to the log, whatever happens to the key', async () => {
    const levels = ['log', 'error', 'warn', 'debug', 'verbose'] as const;
    const spies = levels.map((level) => jest.spyOn(Logger.prototype, level).mockImplementation(() => undefined));
    const console_ = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      const created = (await admin().post({ name: 'logged', role: 'evaluator' })).body;
      await t.http().get('/v1/matrices').set('X-API-Key', created.secret);
      await t
        .http()
        .post('/v1/evaluations')
        .set('X-API-Key', created.secret)
        .send({ name: 'x'.repeat(5000) });
      await admin().revoke('logged');
      await t.http().get('/v1/matrices').set('X-API-Key', created.secret);
      await t.http().get('/v1/matrices').set('Authorization', `Bearer ${created.secret}-wrong`);
      const written = [...spies, console_].flatMap((spy) => spy.mock.calls.map((call) => call.map(String).join(' '))).join('\n');
      expect(written).not.toContain(created.secret);
      expect(written).not.toContain(KEYS.admin);
    } finally {
      for (const spy of [...spies, console_]) spy.mockRestore();
    }
  });

  it('refuses a key in the query string', async () => {
    expect((await t.http().get(`/v1/matrices?api_key=${KEYS.alice}`)).status).toBe(401);
    expect((await t.http().get(`/v1/evaluations?api_key=${KEYS.alice}`).set('X-API-Key', KEYS.alice)).status).toBe(400);
  });

  it(`a revocation reaches another replica on the same database within ${KEY_CACHE_MS} ms`, async () => {
    const created = (await admin().post({ name: 'replicated', role: 'evaluator' })).body;
    const replica = await createApp(t.config, { logger: false });
    try {
      const other = () => request(replica.getHttpServer()).get('/v1/matrices').set('X-API-Key', created.secret);
      expect((await other()).status).toBe(200);
      expect((await admin().revoke('replicated')).status).toBe(204);
      await sleep(KEY_CACHE_MS + 50);
      expect((await other()).status).toBe(401);
    } finally {
      await replica.close();
    }
  });
});

describe('keys across restarts and from the command line', () => {
  it('revokes a configured key whose secret changed, and the first-start key once API_KEYS names an admin', async () => {
    const t = await startTestApp({ API_KEYS: '' });
    try {
      const bootstrap = readFileSync(t.config.limits.bootstrapKeyFile, 'utf8').trim();
      expect((await t.http().get('/v1/audit').set('X-API-Key', bootstrap)).status).toBe(200);
      await t.app.close();

      const configured = await createApp(loadConfig({ ...envOf(t), API_KEYS }), { logger: false });
      expect((await request(configured.getHttpServer()).get('/v1/audit').set('X-API-Key', bootstrap)).status).toBe(401);
      expect((await request(configured.getHttpServer()).get('/v1/audit').set('X-API-Key', KEYS.admin)).status).toBe(200);
      await configured.close();

      const newSecret = 'admin-rotated-secret-0123456789-abcdef';
      const rotated = await createApp(loadConfig({ ...envOf(t), API_KEYS: `admin:admin:${newSecret}` }), { logger: false });
      try {
        const http = () => request(rotated.getHttpServer());
        expect((await http().get('/v1/audit').set('X-API-Key', KEYS.admin)).status).toBe(401);
        expect((await http().get('/v1/audit').set('X-API-Key', KEYS.alice)).status).toBe(401); // no longer configured
        expect((await http().get('/v1/audit').set('X-API-Key', newSecret)).status).toBe(200);
      } finally {
        await rotated.close();
      }
    } finally {
      await t.close().catch(() => undefined);
    }
  });

  it('replaces a lost admin key with the CLI on the server, and revokes with it', async () => {
    const t = await startTestApp();
    try {
      const out: string[] = [];
      const err: string[] = [];
      const io = { out: (l: string) => out.push(l), err: (l: string) => err.push(l), env: { DATABASE_URL: t.config.databaseUrl } };
      expect(await runKeysCli(['create', 'rescue-admin'], io)).toBe(0);
      const secret = out.pop()!;
      expect(secret).toMatch(/^pk_[A-Za-z0-9_-]{43}$/);
      expect(err.join('\n')).not.toContain(secret);
      expect((await t.http().get('/v1/audit').set('X-API-Key', secret)).status).toBe(200);
      expect(await runKeysCli(['create', 'rescue-admin'], io)).toBe(1);
      expect(await runKeysCli(['list'], io)).toBe(0);
      expect(out.join('\n')).toContain('rescue-admin\tadmin\tapi');
      expect(out.join('\n')).not.toContain(secret);
      expect(await runKeysCli(['revoke', 'rescue-admin'], io)).toBe(0);
      await sleep(KEY_CACHE_MS + 50);
      expect((await t.http().get('/v1/audit').set('X-API-Key', secret)).status).toBe(401);
      expect(await runKeysCli(['create', 'bad name'], io)).toBe(2);
      // A name made only of dots passes the pattern but no URL reaches it: DELETE /v1/api-keys/.. is DELETE /v1/api-keys/.
      expect(await runKeysCli(['create', '..'], io)).toBe(2);
      expect(err.at(-1)).toContain('must not be made only of dots');
    } finally {
      await t.close();
    }
  });
});

function envOf(t: TestApp): Record<string, string> {
  return { DATABASE_URL: t.config.databaseUrl, LOG_LEVEL: 'error', BOOTSTRAP_KEY_FILE: t.config.limits.bootstrapKeyFile };
}
