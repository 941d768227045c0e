import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import Database from 'better-sqlite3';
import { readFileSync, statSync } from 'node:fs';
import request from 'supertest';
import { parse as parseYaml } from 'yaml';
import { createApp } from '../src/app.setup.js';
import { renderOpenApiYaml } from '../src/openapi.js';
import { KEYS, startTestApp, type TestApp } from './support/test-app.js';
import { byVersion } from './support/factories.js';

/** Rows that start with a matrix version, in numeric version order. */
const byLeadingVersion = (x: unknown[], y: unknown[]): number => byVersion(String(x[0]), String(y[0]));

describe('health and docs', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('is live and ready once the database answers and a matrix is active', async () => {
    expect((await t.http().get('/health/live')).body.status).toBe('ok');
    const ready = await t.http().get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.details).toMatchObject({ database: { status: 'up' }, matrix: { status: 'up', version: '2026.20' } });
  });

  it("serves Swagger UI and an OpenAPI document with the key scheme and the brief's examples", async () => {
    const ui = await t.http().get('/docs/');
    expect(ui.status).toBe(200);
    expect(ui.text).toContain('swagger-ui');
    const doc = (await t.http().get('/docs-json')).body;
    expect(doc.components.securitySchemes['api-key']).toEqual(expect.objectContaining({ type: 'apiKey', in: 'header', name: 'X-API-Key' }));
    const examples = doc.paths['/v1/evaluations'].post.requestBody.content['application/json'].examples;
    expect(Object.keys(examples)).toEqual(expect.arrayContaining(['saas-microservices-kubernetes', 'faas-customer-code', 'windows-on-linux-fleet']));
    expect(examples['faas-customer-code'].value).toMatchObject({ codeTrust: 'untrusted', tenancy: 'multi-tenant' });
    expect(doc.paths['/v1/workloads/derive'].post.requestBody.content['application/json'].examples.deployment.value).toMatchObject({ kind: 'Deployment' });
    expect(Object.keys(doc.paths['/v1/evaluations/{id}'].get.responses['200'].content)).toEqual(['application/json', 'text/markdown']);
  });

  it('reports not ready, as problem+json, when no matrix is active', async () => {
    const db = new Database(t.databaseFile);
    db.prepare('UPDATE matrix_versions SET active = 0').run();
    db.close();
    const res = await t.http().get('/health/ready');
    expect(res.status).toBe(503);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(res.body.checks.matrix.status).toBe('down');
  });
});

describe('openapi.yaml', () => {
  it('matches what the code generates (run npm run openapi after changing the API)', async () => {
    const committed = readFileSync(new URL('../openapi.yaml', import.meta.url), 'utf8');
    expect(committed).toBe(await renderOpenApiYaml());
  });

  it('names operations readably, documents every error as problem+json, and asks for no key on the probes', () => {
    const doc = parseYaml(readFileSync(new URL('../openapi.yaml', import.meta.url), 'utf8'));
    const operations = Object.entries(doc.paths as Record<string, Record<string, any>>).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ path, method, op })));
    const ids = operations.map((o) => o.op.operationId as string);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z][A-Za-z]+$/);
    expect(ids).toEqual(expect.arrayContaining(['createEvaluation', 'listEvaluations', 'getEvaluation', 'publishMatrixDraft', 'getLiveness']));
    for (const { op } of operations) {
      for (const [status, response] of Object.entries(op.responses as Record<string, any>)) {
        if (Number(status) >= 400) expect(Object.keys(response.content)).toEqual(['application/problem+json']);
      }
    }
    expect(operations.filter((o) => o.path.startsWith('/health/')).map((o) => o.op.security)).toEqual([[], []]);
    expect(doc.servers.length).toBeGreaterThan(0);
    expect(doc.components.securitySchemes.bearer).not.toHaveProperty('bearerFormat');
  });
});

describe('a restart', () => {
  it('keeps stored decisions, the bootstrap key and the active matrix, and creates nothing twice', async () => {
    const warn = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const t = await startTestApp({ API_KEYS: '' });
    try {
      const secret = readFileSync(t.config.limits.bootstrapKeyFile, 'utf8').trim();
      const stored = await t.http().post('/v1/evaluations').set('X-API-Key', secret).send({ name: 'survivor', codeTrust: 'first-party', tenancy: 'single-tenant' });
      expect(stored.status).toBe(201);
      await t.app.close();
      warn.mockClear();

      const again = await createApp(t.config, { logger: false });
      try {
        const http = () => request(again.getHttpServer());
        expect((await http().get(`/v1/evaluations/${stored.body.id}`).set('X-API-Key', secret)).body.workload.name).toBe('survivor');
        expect((await http().get('/v1/matrices').set('X-API-Key', secret)).body.items.map((m: { version: string; active: boolean }) => [m.version, m.active]).sort(byLeadingVersion)).toEqual([
          ['2026.1', false],
          ['2026.2', false],
          ['2026.3', false],
          ['2026.4', false],
          ['2026.5', false],
          ['2026.6', false],
          ['2026.7', false],
          ['2026.8', false],
          ['2026.9', false],
          ['2026.10', false],
          ['2026.11', false],
          ['2026.12', false],
          ['2026.13', false],
          ['2026.14', false],
          ['2026.15', false],
          ['2026.16', false],
          ['2026.17', false],
          ['2026.18', false],
          ['2026.19', false],
          ['2026.20', true],
        ]);
        expect(warn.mock.calls.some((c) => String(c[0]).includes('bootstrap-admin'))).toBe(false);
        expect(readFileSync(t.config.limits.bootstrapKeyFile, 'utf8').trim()).toBe(secret);
      } finally {
        await again.close();
      }
    } finally {
      warn.mockRestore();
      await t.close().catch(() => undefined);
    }
  });
});

describe('an upgrade that ships a new matrix version', () => {
  it('stores the new version as published and leaves the active one to an admin', async () => {
    const t = await startTestApp();
    try {
      const admin = (path: string) => t.http().post(path).set('X-API-Key', KEYS.admin);
      expect((await admin('/v1/matrices/2026.2/activate')).status).toBe(200);
      // A database from the release before 2026.20 shipped: published versions cannot be deleted, so the guard goes first.
      await t.sql('DROP TRIGGER matrix_versions_published_undeletable');
      await t.sql("DELETE FROM matrix_versions WHERE version = '2026.20'");
      await t.app.close();

      const again = await createApp(t.config, { logger: false });
      try {
        const http = () => request(again.getHttpServer());
        const listed = await http().get('/v1/matrices').set('X-API-Key', KEYS.admin);
        // Newest first; versions stored in the same millisecond in numeric order, 2026.9 before 2026.10.
        const items: { version: string; createdAt: string }[] = listed.body.items;
        const newestFirst = [...items].sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : byVersion(a.version, b.version)));
        expect(items.map((m) => m.version)).toEqual(newestFirst.map((m) => m.version));
        expect(listed.body.items.map((m: { version: string; status: string; active: boolean }) => [m.version, m.status, m.active]).sort(byLeadingVersion)).toEqual([
          ['2026.1', 'published', false],
          ['2026.2', 'published', true],
          ['2026.3', 'published', false],
          ['2026.4', 'published', false],
          ['2026.5', 'published', false],
          ['2026.6', 'published', false],
          ['2026.7', 'published', false],
          ['2026.8', 'published', false],
          ['2026.9', 'published', false],
          ['2026.10', 'published', false],
          ['2026.11', 'published', false],
          ['2026.12', 'published', false],
          ['2026.13', 'published', false],
          ['2026.14', 'published', false],
          ['2026.15', 'published', false],
          ['2026.16', 'published', false],
          ['2026.17', 'published', false],
          ['2026.18', 'published', false],
          ['2026.19', 'published', false],
          ['2026.20', 'published', false],
        ]);
        const evaluated = await http().post('/v1/evaluations?dryRun=true').set('X-API-Key', KEYS.admin).send({ name: 'still 2026.2', codeTrust: 'first-party', tenancy: 'single-tenant' });
        expect(evaluated.body.matrix.version).toBe('2026.2');
      } finally {
        await again.close();
      }
    } finally {
      await t.close().catch(() => undefined);
    }
  });
});

describe('first start without keys', () => {
  it('creates one admin key in a file only its owner can read, logs the path (even at LOG_LEVEL=error) but never the secret, and stores only its hash', async () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const t = await startTestApp({ API_KEYS: '' });
    try {
      const file = t.config.limits.bootstrapKeyFile;
      const secret = readFileSync(file, 'utf8').trim();
      expect(secret).toMatch(/^pk_[A-Za-z0-9_-]{43}$/); // 32 random bytes
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const printed = [...logged.mock.calls, ...warn.mock.calls].map((c) => String(c[0])).join('\n');
      expect(printed).toContain(file);
      expect(printed).not.toContain(secret);
      const db = new Database(t.databaseFile, { readonly: true });
      const rows = db.prepare('SELECT name, role, secret_hash, source FROM api_keys').all() as { name: string; role: string; secret_hash: string }[];
      db.close();
      expect(rows).toEqual([{ name: 'bootstrap-admin', role: 'admin', source: 'bootstrap', secret_hash: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
      expect(JSON.stringify(rows)).not.toContain(secret);
      expect((await t.http().get('/v1/matrices').set('X-API-Key', secret)).status).toBe(200);
    } finally {
      logged.mockRestore();
      warn.mockRestore();
      await t.close();
    }
  });
});
