import { MATRIX_BODY_LIMIT_BYTES } from '../src/app.setup.js';
import { minimalMatrixDocument, readMatrixDocument, workloadInput } from './support/factories.js';
import { KEYS, startTestApp, type TestApp } from './support/test-app.js';

type Res = { status: number; headers: Record<string, string>; body: Record<string, any>; text: string };
const expectProblem = (res: Res, status: number, type?: string) => {
  expect({ status: res.status, type: res.headers['content-type'] }).toEqual({ status, type: expect.stringMatching(/^application\/problem\+json/) });
  if (type) expect(res.body.type).toBe(type);
};
const paths = (res: Res) => ((res.body.errors ?? []) as { path: string }[]).map((e) => e.path);

const PORTAL = 'https://portal.example.com';
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ CORS_ORIGINS: PORTAL, RATE_LIMIT_PER_KEY: '400' });
});
afterAll(async () => {
  await t.close();
});

// The bytes as given: superagent would serialise a Buffer as JSON.
const rawPost = (path: string, body: string | Buffer, type = 'application/json', key: string = KEYS.alice) =>
  t
    .http()
    .post(path)
    .set('X-API-Key', key)
    .set('Content-Type', type)
    .serialize((b: unknown) => b as string)
    .send(body as string);

describe('names that no URL can reach are refused', () => {
  it.each(['.', '..', '...', 'active'])('refuses a matrix draft named %p with 422 naming version, and stores nothing', async (version) => {
    const res = await t.post('/v1/matrices', { ...minimalMatrixDocument(), version }, KEYS.admin);
    expectProblem(res, 422);
    expect(paths(res)).toContain('version');
    const list = await t.get('/v1/matrices', KEYS.admin);
    expect(list.body.items.map((i: { version: string }) => i.version)).not.toContain(version);
  });

  it('still accepts versions with dots among other characters', async () => {
    const res = await t.post('/v1/matrices', { ...minimalMatrixDocument(), version: '.v1.' }, KEYS.admin);
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe('/v1/matrices/.v1.');
  });

  it.each(['.', '..'])('refuses an API key named %p with 422 naming name', async (name) => {
    const res = await t.post('/v1/api-keys', { name, role: 'evaluator' }, KEYS.admin);
    expectProblem(res, 422);
    expect(paths(res)).toEqual(['name']);
  });
});

describe('bodies must be UTF-8', () => {
  const body = (name: Buffer) => Buffer.concat([Buffer.from('{"name":"'), name, Buffer.from('","codeTrust":"first-party","tenancy":"single-tenant"}')]);

  it('refuses invalid UTF-8 in a JSON body with 400 malformed-body naming the byte offset, and stores nothing', async () => {
    for (const bad of [Buffer.from([0x63, 0x61, 0x66, 0xe9]), Buffer.from([0xc0, 0xaf]), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from([0xf4, 0x90, 0x80, 0x80]), Buffer.from([0xe2, 0x82])]) {
      const res = await rawPost('/v1/evaluations', body(bad));
      expectProblem(res, 400, '/problems/malformed-body');
      expect(res.body.detail).toMatch(/not valid UTF-8/);
      expect(res.body.errors).toEqual([{ path: 'body', message: expect.stringMatching(/^invalid UTF-8 at byte \d+$/) }]);
    }
    const res = await rawPost('/v1/evaluations', body(Buffer.from([0x63, 0x61, 0x66, 0xe9])));
    expect(res.body.detail).toContain('offset 12');
  });

  it('accepts well-formed multi-byte UTF-8 and keeps it', async () => {
    const res = await rawPost('/v1/evaluations', body(Buffer.from('café 🚀 日本', 'utf8')));
    expect(res.status).toBe(201);
    expect(res.body.workload.name).toBe('café 🚀 日本');
  });

  it('refuses invalid UTF-8 in a YAML matrix document', async () => {
    const res = await rawPost('/v1/matrices', Buffer.concat([Buffer.from('version: caf'), Buffer.from([0xe9]), Buffer.from('\n')]), 'application/yaml', KEYS.admin);
    expectProblem(res, 400, '/problems/malformed-body');
    expect(res.body.detail).toMatch(/not valid UTF-8.*offset 12/);
  });

  it('answers 415 for a charset other than UTF-8, and accepts charset=utf-8 in any spelling', async () => {
    const json = JSON.stringify(workloadInput());
    for (const type of ['application/json; charset=iso-8859-1', 'application/json;charset="latin1"', 'application/json; charset=utf-16']) {
      const res = await rawPost('/v1/evaluations?dryRun=true', json, type);
      expectProblem(res, 415, '/problems/unsupported-media-type');
      expect(res.body.detail).toMatch(/UTF-8/);
    }
    expectProblem(await rawPost('/v1/matrices', 'version: x', 'application/yaml; charset=windows-1252', KEYS.admin), 415);
    for (const type of ['application/json; charset=utf-8', 'application/json; charset="UTF-8"', 'application/json;charset=utf8']) {
      expect((await rawPost('/v1/evaluations?dryRun=true', json, type)).status).toBe(200);
    }
  });
});

describe('matrix documents have their own body limit', () => {
  it('accepts the default matrix exported as indented JSON (over 256 KB) on POST and PUT', async () => {
    const document = { ...readMatrixDocument(), version: 'indented-1' };
    const text = JSON.stringify(document, null, 2);
    expect(Buffer.byteLength(text)).toBeGreaterThan(256 * 1024);
    const created = await rawPost('/v1/matrices', text, 'application/json', KEYS.admin);
    expect(created.status).toBe(201);
    const replaced = await t.http().put('/v1/matrices/indented-1').set('X-API-Key', KEYS.admin).set('If-Match', created.headers.etag).set('Content-Type', 'application/json').send(text);
    expect(replaced.status).toBe(200);
  });

  it('states the applicable limit in every 413', async () => {
    const big = `{"name":"${'x'.repeat(300 * 1024)}"}`;
    const evaluation = await rawPost('/v1/evaluations', big);
    expectProblem(evaluation, 413, '/problems/body-too-large');
    expect(evaluation.body.detail).toMatch(/262,144 bytes \(256 KB\)/);
    const matrix = await rawPost('/v1/matrices', `{"version":"${'x'.repeat(MATRIX_BODY_LIMIT_BYTES)}"}`, 'application/json', KEYS.admin);
    expectProblem(matrix, 413, '/problems/body-too-large');
    expect(matrix.body.detail).toMatch(/2,097,152 bytes \(2 MB\)/);
  });

  it('keeps the 256 KB limit for evaluators on the matrix route', async () => {
    const res = await rawPost('/v1/matrices', `{"version":"${'x'.repeat(300 * 1024)}"}`);
    expect([403, 413]).toContain(res.status);
  });
});

describe('headers a client and a cache can rely on', () => {
  let id: string;
  beforeAll(async () => {
    id = (await t.post('/v1/evaluations', workloadInput({ name: 'header checks' }))).body.id as string;
  });

  it('adds Accept and Prefer to Vary: Origin instead of replacing it', async () => {
    const one = await t.get(`/v1/evaluations/${id}`).set('Origin', PORTAL);
    expect(one.headers['access-control-allow-origin']).toBe(PORTAL);
    expect(one.headers.vary.split(/\s*,\s*/).sort()).toEqual(['Accept', 'Origin']);
    const list = await t.get('/v1/evaluations').set('Origin', PORTAL);
    expect(list.headers.vary.split(/\s*,\s*/).sort()).toEqual(['Origin', 'Prefer']);
  });

  it('exposes Retry-After and WWW-Authenticate to browsers', async () => {
    const res = await t.get('/v1/matrices').set('Origin', PORTAL);
    const exposed = res.headers['access-control-expose-headers'].toLowerCase().split(/\s*,\s*/);
    expect(exposed).toEqual(expect.arrayContaining(['retry-after', 'www-authenticate']));
  });

  it('says Cache-Control on authenticated answers without one: private, no-cache, or no-store for keys', async () => {
    for (const path of ['/v1/evaluations', '/v1/matrices', '/v1/audit', '/v1/matrices/2026.1/diff/2026.2']) {
      expect({ path, cc: (await t.get(path, KEYS.admin)).headers['cache-control'] }).toEqual({ path, cc: 'private, no-cache' });
    }
    expect((await t.get('/v1/api-keys', KEYS.admin)).headers['cache-control']).toBe('no-store');
  });

  it('answers 401 with WWW-Authenticate: Bearer', async () => {
    const missing = await t.http().get('/v1/matrices');
    expectProblem(missing, 401);
    expect(missing.headers['www-authenticate']).toMatch(/^Bearer realm="placement"/);
    const wrong = await t.http().get('/v1/matrices').set('X-API-Key', 'not-a-key-0123456789-0123456789-xx');
    expectProblem(wrong, 401);
    expect(wrong.headers['www-authenticate']).toMatch(/^Bearer realm="placement", error="invalid_token"/);
  });

  it('finds an evaluation by its UUID in upper case', async () => {
    const res = await t.get(`/v1/evaluations/${id.toUpperCase()}`);
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(id);
    expect(res.headers.etag).toBe(`"${id}"`);
    expect((await t.post(`/v1/evaluations/${id.toUpperCase()}/replay`, {})).status).toBe(200);
  });
});

describe('the OpenAPI document says what the answers hold', () => {
  let doc: Record<string, any>;
  beforeAll(async () => {
    doc = (await t.http().get('/docs-json')).body as Record<string, any>;
  });
  const jsonType = (v: unknown) => (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v);

  it('types diff values as any JSON, not as an empty object, and they match real diffs', async () => {
    const schemas = doc.components.schemas;
    const allowed = new Set<string>();
    for (const [dto, field] of [
      ['MatrixChangeDto', 'before'],
      ['MatrixChangeDto', 'after'],
      ['FieldChangeDto', 'before'],
      ['FieldChangeDto', 'after'],
    ]) {
      const schema = schemas[dto].properties[field];
      expect(schema.type).toBeUndefined();
      for (const s of schema.oneOf as { type: string }[]) allowed.add(s.type);
    }
    const diff = await t.get('/v1/matrices/2026.1/diff/2026.2');
    const seen = new Set<string>();
    for (const change of diff.body.changes as Record<string, any>[]) {
      for (const v of [change.before, change.after, ...((change.fields ?? []) as Record<string, unknown>[]).flatMap((f) => [f.before, f.after])]) if (v !== undefined) seen.add(jsonType(v));
    }
    expect(seen.size).toBeGreaterThan(1);
    for (const type of seen) expect(allowed).toContain(type);
  });

  it("gives the replay's sides their own schema, whose required fields each side has", async () => {
    const replay = doc.components.schemas.ReplayResponseDto.properties;
    const side = replay.before.allOf?.[0]?.$ref ?? replay.before.$ref;
    expect(side).toBe('#/components/schemas/ReplaySideDto');
    const required = doc.components.schemas.ReplaySideDto.required as string[];
    expect(required).not.toContain('workload');
    const id = (await t.post('/v1/evaluations', workloadInput({ name: 'replayed' }))).body.id as string;
    const res = await t.post(`/v1/evaluations/${id}/replay?matrixVersion=2026.1`, {});
    for (const name of required) {
      expect(res.body.before).toHaveProperty(name);
      expect(res.body.after).toHaveProperty(name);
    }
  });

  it('documents 429 problem+json on every operation that needs a key', () => {
    const missing: string[] = [];
    for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, any>>)) {
      if (path.startsWith('/health/') || path.startsWith('/docs')) continue;
      for (const [method, op] of Object.entries(item)) {
        if (!op?.responses) continue;
        if (!op.responses['429']?.content?.['application/problem+json']) missing.push(`${method.toUpperCase()} ${path}`);
      }
    }
    expect(missing).toEqual([]);
  });
});

describe('errors name the offending field', () => {
  it('reports a bad condition at its field with the allowed values, through all/any/not', async () => {
    const document = minimalMatrixDocument();
    document.version = 'bad-conditions';
    document.importanceRules[0].when = { field: 'nosuch', op: 'eq', value: 'x' };
    document.constraints[0].when = {
      not: {
        all: [
          { field: 'os', op: 'eq', value: 'linux' },
          { field: 'os', op: 'nope', value: 'linux' },
        ],
      },
    };
    document.hardening[1].when = { foo: 1 };
    const res = await t.post('/v1/matrices', document, KEYS.admin);
    expectProblem(res, 422, '/problems/matrix-invalid');
    const errors = res.body.errors as { path: string; message: string }[];
    expect(errors.find((e) => e.path === 'importanceRules[0].when.field')?.message).toMatch(/codeTrust.*tenancy/);
    expect(errors.find((e) => e.path === 'constraints[0].when.not.all[1].op')?.message).toMatch(/eq.*ne/);
    expect(errors.find((e) => e.path === 'hardening[1].when')?.message).toMatch(/field, op and value.*all, any or not/);
    expect(errors.map((e) => e.message)).not.toContain('Invalid input');
  });

  it('names the index of a batch item that is not an object, with one message for arrays and null', async () => {
    const valid = workloadInput();
    for (const bad of [[], null, 'x', 3]) {
      const res = await t.post('/v1/evaluations/batch?dryRun=true', { workloads: [valid, bad] });
      expectProblem(res, 400, '/problems/validation-failed');
      expect(res.body.errors).toEqual([{ path: 'workloads[1]', message: 'workloads[1] must be an object' }]);
    }
  });

  it.each([
    ['an array', []],
    ['a string', 'x'],
    ['a number', 5],
    ['null', null],
  ])('says the body must be a JSON object when it is %s', async (_name, body) => {
    for (const path of ['/v1/evaluations?dryRun=true', '/v1/evaluations/batch?dryRun=true']) {
      const res = await rawPost(path, JSON.stringify(body));
      expectProblem(res, 400, '/problems/validation-failed');
      expect(res.body.errors).toEqual([{ path: 'body', message: 'the body must be a JSON object' }]);
    }
  });
});

describe('derived drafts are ones the evaluation endpoint accepts', () => {
  const deployment = (replicas: unknown, name = 'web') => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name }, spec: { replicas, template: { spec: { containers: [{ name: 'web', image: 'nginx' }] } } } });
  const complete = (workload: Record<string, unknown>) => ({ ...workload, name: workload.name ?? 'derived', codeTrust: 'first-party', tenancy: 'single-tenant' });

  it.each([50_000_000, 1e308])('clamps replicas %p to the maximum instances, says so beside spec.replicas, and the draft evaluates', async (replicas) => {
    const res = await t.post('/v1/workloads/derive', deployment(replicas));
    expect(res.status).toBe(200);
    expect(res.body.workload.scale).toEqual({ instances: 10_000_000 });
    expect(res.body.provenance['scale.instances']).toMatch(/^spec\.replicas \(.*clamped to 10000000\)$/);
    expect((await t.post('/v1/evaluations?dryRun=true', complete(res.body.workload))).status).toBe(200);
  });

  it.each([0, -1, 1.5, '6', true])('leaves out replicas %p and lists scale.instances as missing, with the path', async (replicas) => {
    const res = await t.post('/v1/workloads/derive', deployment(replicas));
    expect(res.status).toBe(200);
    expect(res.body.workload.scale).toBeUndefined();
    expect(res.body.missing).toContain('scale.instances');
    expect(res.body.provenance['scale.instances']).toMatch(/^spec\.replicas \(left out: /);
  });

  it('leaves out a name with control characters, and shortens a long one by characters', async () => {
    const bad = await t.post('/v1/workloads/derive', deployment(2, 'web\u0000\u001b[31m'));
    expect(bad.body.workload.name).toBeUndefined();
    expect(bad.body.missing).toContain('name');
    expect(bad.body.provenance.name).toMatch(/^metadata\.name \(left out: /);
    const long = await t.post('/v1/workloads/derive', deployment(2, '🚀'.repeat(250)));
    expect([...(long.body.workload.name as string)]).toHaveLength(200);
    expect(long.body.provenance.name).toMatch(/^metadata\.name \(shortened from 250 to 200 characters\)$/);
    expect((await t.post('/v1/evaluations?dryRun=true', complete(long.body.workload))).status).toBe(200);
  });
});

describe('Prefer, methods and order', () => {
  const prefer = (value: string) => t.post('/v1/evaluations?dryRun=true', workloadInput()).set('Prefer', value);
  const isMinimal = (res: Res) => res.body.options === undefined && typeof res.body.recommendation === 'string';

  it('takes the first return preference, and accepts a quoted value and spaces around =', async () => {
    const first = await prefer('return=representation, return=minimal');
    expect(first.status).toBe(200);
    expect(isMinimal(first)).toBe(false);
    expect(first.headers['preference-applied']).toBeUndefined();
    for (const value of ['return="minimal"', 'return = minimal', 'respond-async, return=minimal; foo=bar', 'RETURN=Minimal']) {
      const res = await prefer(value);
      expect({ value, minimal: isMinimal(res), applied: res.headers['preference-applied'] }).toEqual({ value, minimal: true, applied: 'return=minimal' });
    }
    expect(isMinimal(await prefer('return=minimalist'))).toBe(false);
  });

  it('answers a wrong method on an existing path with 405 and Allow, and an unknown path with 404', async () => {
    const id = (await t.post('/v1/evaluations', workloadInput({ name: 'method checks' }))).body.id as string;
    const patch = await t.http().patch('/v1/matrices/x').set('X-API-Key', KEYS.admin).send({});
    expectProblem(patch, 405);
    expect(patch.headers.allow).toBe('GET, HEAD, PUT, DELETE');
    const del = await t.http().delete(`/v1/evaluations/${id}`).set('X-API-Key', KEYS.alice);
    expectProblem(del, 405);
    expect(del.headers.allow).toBe('GET, HEAD');
    expectProblem(await t.http().get('/v1/nowhere').set('X-API-Key', KEYS.alice), 404);
    expectProblem(await t.http().get('/v1/matrices/a/b/c').set('X-API-Key', KEYS.alice), 404);
  });

  it('lists shipped matrix versions newest first by version number', async () => {
    const versions = ((await t.get('/v1/matrices')).body.items as { version: string }[]).map((i) => i.version).filter((v) => /^2026\.\d+$/.test(v));
    expect(versions[0]).toBe('2026.20');
    expect(versions).toEqual([...versions].sort((a, b) => b.localeCompare(a, 'en', { numeric: true })));
    expect(versions.at(-1)).toBe('2026.1');
  });
});
