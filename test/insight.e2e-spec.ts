import { marked, type Tokens } from 'marked';
import { stringify as toYaml } from 'yaml';
import { workloadInput } from './support/factories.js';
import { KEYS, startTestApp, type TestApp, type TestDatabase } from './support/test-app.js';

const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'notebook-runner' },
  spec: { replicas: 12, template: { spec: { runtimeClassName: 'runc', containers: [{ name: 'kernel', image: 'example/notebook:3', resources: { limits: { 'nvidia.com/gpu': 1 } } }] } } },
};

// What a reviewer acts on, end to end over HTTP, on the embedded SQLite default and on Postgres.
describe.each<TestDatabase>(['sqlite', 'postgres'])('decision insight on %s', (database) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({}, database);
  });
  afterAll(async () => {
    await t.close();
  });

  const post = (path: string, body: unknown, key?: string) => t.post(path, body, key);

  it('answers with counterfactuals that hold, a confidence and, on Kubernetes, a RuntimeClass', async () => {
    const input = workloadInput({ name: 'customer plugins', codeTrust: 'untrusted', tenancy: 'multi-tenant', orchestration: 'kubernetes', scale: { instances: 40 } });
    const res = await post('/v1/evaluations', input);
    expect(res.status).toBe(201);
    expect(res.body.recommendation).toBe('microvm');
    expect(res.body.confidence).toEqual({ level: expect.stringMatching(/^(high|medium|low)$/), margin: res.body.rationale.margin, stability: expect.any(Number), sensitiveTo: expect.any(Array) });
    const toContainer = res.body.counterfactuals.find((c: { kind: string; option: string }) => c.kind === 'switch' && c.option === 'container');
    expect(toContainer.changes.map((c: { field: string }) => c.field).sort()).toEqual(['codeTrust', 'tenancy']);
    const changed = { ...input } as Record<string, unknown>;
    for (const c of toContainer.changes) changed[c.field] = c.to;
    expect((await post('/v1/evaluations?dryRun=true', changed)).body.recommendation).toBe('container');
    const runtime = res.body.options.find((o: { option: string }) => o.option === 'microvm').runtime;
    expect(res.body.kubernetes.runtimeClass).toMatchObject({ apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass', handler: expect.any(String), overhead: { podFixed: { memory: expect.stringMatching(/Mi$/) } } });
    expect(res.body.kubernetes.runtimeClass.metadata.annotations['placement.dev/runtime']).toBe(runtime);
    expect(res.body.kubernetes.podSpec.runtimeClassName).toBe(res.body.kubernetes.runtimeClass.metadata.name);
    expect((await t.http().get(`/v1/evaluations/${res.body.id}`).set('X-API-Key', KEYS.alice)).body.counterfactuals).toEqual(res.body.counterfactuals);
  });

  it('returns a stored decision as an architecture decision record when Markdown is asked for', async () => {
    const stored = await post('/v1/evaluations', workloadInput({ name: 'orders API', orchestration: 'kubernetes', scale: { instances: 20 } }));
    const adr = await t.http().get(`/v1/evaluations/${stored.body.id}`).set('X-API-Key', KEYS.alice).set('Accept', 'text/markdown');
    expect(adr.status).toBe(200);
    expect(adr.headers['content-type']).toMatch(/^text\/markdown/);
    const headings = marked.lexer(adr.text).filter((tok): tok is Tokens.Heading => tok.type === 'heading');
    expect(headings[0]).toMatchObject({ depth: 1, text: 'Run "orders API" as Container' });
    expect(headings.filter((h) => h.depth === 2).map((h) => h.text)).toEqual(['Context and Problem Statement', 'Decision Drivers', 'Considered Options', 'Decision Outcome', 'Pros and Cons of the Options', 'More Information']);
    expect(adr.text).toContain(stored.body.id);
    expect(adr.text).toContain(stored.body.matrix.checksum);
    expect(adr.text).toContain('placement-runc');
    // JSON stays the default, also for clients that accept anything.
    for (const accept of [undefined, '*/*', 'application/json', 'application/json, text/markdown;q=0.5']) {
      const req = t.http().get(`/v1/evaluations/${stored.body.id}`).set('X-API-Key', KEYS.alice);
      const res = await (accept ? req.set('Accept', accept) : req);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
    }
    expect((await t.http().get(`/v1/evaluations/${stored.body.id}`).set('X-API-Key', KEYS.bob).set('Accept', 'text/markdown')).status).toBe(404);
  });

  it('derives a workload draft from a manifest in JSON or YAML, and judges the current placement once completed', async () => {
    const fromJson = await post('/v1/workloads/derive', deployment);
    expect(fromJson.status).toBe(200);
    expect(fromJson.body).toMatchObject({
      workload: { name: 'notebook-runner', orchestration: 'kubernetes', gpu: 'dedicated', scale: { instances: 12 }, currentPlacement: 'container' },
      provenance: { 'scale.instances': 'spec.replicas', gpu: 'spec.template.spec.containers[0].resources.limits["nvidia.com/gpu"]' },
      currentPlacement: 'container',
    });
    expect(fromJson.body.missing).toEqual(expect.arrayContaining(['codeTrust', 'tenancy', 'compliance']));
    const fromYaml = await t.http().post('/v1/workloads/derive').set('X-API-Key', KEYS.alice).set('Content-Type', 'application/yaml').send(toYaml(deployment));
    expect(fromYaml.status).toBe(200);
    expect(fromYaml.body).toEqual(fromJson.body);

    const evaluated = await post('/v1/evaluations?dryRun=true', { ...fromJson.body.workload, codeTrust: 'untrusted', tenancy: 'multi-tenant' });
    expect(evaluated.status).toBe(200);
    expect(evaluated.body.currentPlacement).toMatchObject({ option: 'container', status: 'ruled-out' });
    expect(evaluated.body.rationale.summary).toContain('Today it runs as Container, which is ruled out');
  });

  it('answers bad manifests with a 4xx problem naming what is wrong', async () => {
    const service = await post('/v1/workloads/derive', { apiVersion: 'v1', kind: 'Service', spec: {} });
    expect(service.status).toBe(422);
    expect(service.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(service.body).toMatchObject({ type: '/problems/manifest-invalid', errors: [{ path: 'kind' }] });
    const notYaml = await t.http().post('/v1/workloads/derive').set('X-API-Key', KEYS.alice).set('Content-Type', 'application/yaml').send('kind: [unclosed');
    expect(notYaml.status).toBe(400);
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 60 }, (_, i) => `b${i}: &b${i} [*${i === 0 ? 'a' : `b${i - 1}`}, *${i === 0 ? 'a' : `b${i - 1}`}]`)].join('\n');
    expect((await t.http().post('/v1/workloads/derive').set('X-API-Key', KEYS.alice).set('Content-Type', 'application/yaml').send(bomb)).status).toBe(400);
    const huge = await post('/v1/workloads/derive', { ...deployment, metadata: { name: 'x', annotations: { big: 'y'.repeat(300 * 1024) } } });
    expect(huge.status).toBe(413);
    expect((await t.http().post('/v1/workloads/derive').send(deployment)).status).toBe(401);
  });
});
