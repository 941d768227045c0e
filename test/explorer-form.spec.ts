import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { humanize, leafFields, workloadFields, type OpenApiDocument } from '../web/src/schema.js';
import { allPaths, applyChanges, fieldForError, requestBody, setPath } from '../web/src/workload.js';
import { toYaml } from '../web/src/yaml.js';

// The explorer's form is generated from the committed OpenAPI document, which a test keeps equal to the code.
const openapi = parseYaml(readFileSync(new URL('../openapi.yaml', import.meta.url), 'utf8')) as OpenApiDocument;
const fields = workloadFields(openapi);
const byPath = Object.fromEntries(leafFields(fields).map((f) => [f.path, f]));

describe('the explorer form from the request schema', () => {
  it('has one control per workload attribute, the required ones first, scale as a group', () => {
    const schema = openapi.components!.schemas!.WorkloadDto;
    expect(fields.map((f) => f.path).sort()).toEqual(Object.keys(schema.properties!).sort());
    expect(
      fields
        .slice(0, 3)
        .map((f) => f.path)
        .sort(),
    ).toEqual([...schema.required!].sort());
    const scale = fields.find((f) => f.path === 'scale');
    expect(scale?.kind).toBe('group');
    expect(allPaths(fields)).toEqual(expect.arrayContaining(['scale', 'scale.instances', 'scale.burstInstances', 'scale.scaleOutSeconds']));
  });

  it('maps enums to selects, enum arrays to checkbox groups, booleans to checkboxes and integers to number inputs', () => {
    expect(byPath.codeTrust).toMatchObject({ kind: 'select', required: true, options: ['first-party', 'vetted-third-party', 'untrusted'] });
    expect(byPath.costSensitivity).toMatchObject({ kind: 'select', default: 'medium' });
    expect(byPath.compliance).toMatchObject({ kind: 'checkboxes', options: expect.arrayContaining(['pci-dss', 'gdpr']) });
    expect(byPath.legacy).toMatchObject({ kind: 'checkbox', default: false });
    expect(byPath['scale.instances']).toMatchObject({ kind: 'number', integer: true, required: true, minimum: 1 });
    expect(byPath['scale.scaleOutSeconds']).toMatchObject({ kind: 'number', integer: false });
    expect(byPath.name).toMatchObject({ kind: 'text', required: true, maxLength: 200 });
    expect(humanize('startupBudgetMs')).toBe('Startup budget (ms)');
    expect(humanize('gpuSharing')).toBe('GPU sharing');
  });

  it('sends what was set, leaves out what equals a default, and passes refused values through for the API to name', () => {
    const values = { name: 'x', codeTrust: 'untrusted', tenancy: 'multi-tenant', costSensitivity: 'medium', legacy: false, compliance: [], scale: { instances: '40', burstInstances: '' }, startupBudgetMs: '' };
    expect(requestBody(fields, values)).toEqual({ name: 'x', codeTrust: 'untrusted', tenancy: 'multi-tenant', scale: { instances: 40 } });
    expect(requestBody(fields, { ...values, scale: { instances: '0' }, privileges: ['root'], legacy: true })).toMatchObject({ scale: { instances: 0 }, privileges: ['root'], legacy: true });
    expect(requestBody(fields, { name: '', codeTrust: 'untrusted' })).toEqual({ name: '', codeTrust: 'untrusted' });
  });

  it('applies a counterfactual in dot notation and finds the field an API error names', () => {
    const applied = applyChanges({ scale: { instances: 3 }, codeTrust: 'untrusted' }, [
      { field: 'codeTrust', to: 'first-party' },
      { field: 'scale.instances', to: 300 },
    ]);
    expect(applied).toEqual({ scale: { instances: 300 }, codeTrust: 'first-party' });
    expect(setPath({ a: 1 }, 'a', undefined)).toEqual({});
    const paths = allPaths(fields);
    expect(fieldForError('scale.instances', paths)).toBe('scale.instances');
    expect(fieldForError('compliance.2', paths)).toBe('compliance');
    expect(fieldForError('privileges[1]', paths)).toBe('privileges');
    expect(fieldForError('scale', paths)).toBe('scale');
    expect(fieldForError('id', paths)).toBeUndefined();
  });
});

describe('the explorer YAML for manifests', () => {
  it('reads back as the same JSON', () => {
    const runtimeClass = {
      apiVersion: 'node.k8s.io/v1',
      kind: 'RuntimeClass',
      metadata: { name: 'placement-kata-qemu', annotations: { 'placement.dev/matrix-version': '2026.2' } },
      handler: 'kata-qemu',
      overhead: { podFixed: { memory: '160Mi', cpu: '250m' } },
      scheduling: { nodeSelector: { 'katacontainers.io/kata-runtime': 'true' }, tolerations: [{ key: 'runtime.placement.dev/sandbox', operator: 'Exists', effect: 'NoSchedule' }] },
    };
    expect(parseYaml(toYaml(runtimeClass))).toEqual(runtimeClass);
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (value) => {
        expect(JSON.stringify(parseYaml(toYaml(value)))).toBe(JSON.stringify(value));
      }),
      { numRuns: 300 },
    );
  });
});
