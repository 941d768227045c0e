import { readFileSync } from 'node:fs';
import { createPlacementClient, type Problem } from '../client/index.js';
import { renderClientTypes } from '../scripts/client-types.js';
import { KEYS, startTestApp, type TestApp } from './support/test-app.js';

describe('client/schema.ts', () => {
  it('matches what openapi-typescript makes of the committed openapi.yaml (run npm run openapi)', async () => {
    const yaml = readFileSync(new URL('../openapi.yaml', import.meta.url), 'utf8');
    expect(readFileSync(new URL('../client/schema.ts', import.meta.url), 'utf8')).toBe(await renderClientTypes(yaml));
  });
});

describe('the typed client against the running service', () => {
  let t: TestApp;
  let baseUrl: string;
  beforeAll(async () => {
    t = await startTestApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
  });
  afterAll(async () => {
    await t.close();
  });

  it('creates an evaluation and reads it back', async () => {
    // The README's portal call, as written there.
    const placement = createPlacementClient({ baseUrl, apiKey: KEYS.alice });
    const { data, error } = await placement.POST('/v1/evaluations', { body: { name: 'Customer functions', codeTrust: 'untrusted', tenancy: 'multi-tenant' } });
    if (error) throw new Error(`${error.title}: ${error.detail}`);
    expect(data.recommendation).toBe('microvm');
    expect(data.rationale.summary).toContain('MicroVM is recommended');

    const read = await placement.GET('/v1/evaluations/{id}', { params: { path: { id: data.id! } } });
    expect(read.response.status).toBe(200);
    expect(read.data).toEqual(data);
  });

  it('gives problems as typed errors', async () => {
    const placement = createPlacementClient({ baseUrl, apiKey: KEYS.bob });
    const missing = await placement.GET('/v1/evaluations/{id}', { params: { path: { id: '01a201c8-bac3-75ca-95e0-ff6df820fbb5' } } });
    expect(missing.response.status).toBe(404);
    const problem: Problem | undefined = missing.error;
    expect(problem).toMatchObject({ status: 404, title: 'No such evaluation', requestId: missing.response.headers.get('x-request-id') });

    const wrongKey = createPlacementClient({ baseUrl, apiKey: 'not-a-key-of-this-service' });
    expect((await wrongKey.GET('/v1/matrices')).response.status).toBe(401);
  });
});
