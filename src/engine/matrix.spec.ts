import { EngineError } from './errors.js';
import { loadMatrix, matrixChecksum, validateMatrix } from './matrix.js';
import { minimalMatrixDocument, readMatrixDocument } from '../../test/support/factories.js';

const pathsOf = (doc: unknown) => validateMatrix(doc).map((p) => p.path);

describe('matrix validation', () => {
  it('accepts the minimal matrix', () => {
    expect(validateMatrix(minimalMatrixDocument())).toEqual([]);
  });

  it('names the path of a rating out of range', () => {
    const doc = minimalMatrixDocument();
    doc.criteria[1].ratings.vm = 11;
    expect(pathsOf(doc)).toEqual(['criteria[1].ratings.vm']);
  });

  it('names a missing option rating and an unknown key', () => {
    const doc = minimalMatrixDocument();
    delete doc.criteria[0].ratings.hybrid;
    doc.criteria[0].weight = 3;
    expect(pathsOf(doc).sort()).toEqual(['criteria[0]', 'criteria[0].ratings.hybrid']);
  });

  it('rejects a bad version name', () => {
    const doc = minimalMatrixDocument();
    doc.version = 'v 1/2';
    expect(pathsOf(doc)).toEqual(['version']);
  });

  it('finds duplicate ids and rules pointing at unknown criteria', () => {
    const doc = minimalMatrixDocument();
    doc.criteria[1].id = 'isolation';
    doc.importanceRules[0].importance = { isolaton: 5 };
    expect(pathsOf(doc)).toEqual(['criteria[1].id', 'importanceRules[0].importance.isolaton']);
  });

  it('checks the criteria and the fill a tenant VM is rated by', () => {
    const doc = readMatrixDocument('2026.16');
    const pools = doc.runtimes.findIndex((r: { id: string }) => r.id === 'tenant-node-pools');
    doc.runtimes[pools].tenantVm.ratedByFill = { whenAlone: { 'density-cost': 2 }, ownFrom: 1 };
    expect(pathsOf(doc)).toEqual([`runtimes[${pools}].tenantVm.ratedByFill.ownFrom`]);
    doc.runtimes[pools].tenantVm.ratedByFill = { whenAlone: { 'density-cost': 2, densty: 1 }, ownFrom: 4 };
    expect(validateMatrix(doc)).toEqual([{ path: `runtimes[${pools}].tenantVm.ratedByFill.whenAlone.densty`, message: "unknown criterion 'densty'" }]);
  });

  it('checks that a hardening item names runtimes of its own options', () => {
    const doc = readMatrixDocument('2026.5');
    const kata = doc.hardening.findIndex((h: { id: string }) => h.id === 'kata-privileged-without-host-devices');
    doc.hardening[kata].runtimes = ['kata', 'cloud-vm'];
    expect(validateMatrix(doc)).toEqual([
      { path: `hardening[${kata}].runtimes[0]`, message: "unknown runtime 'kata'" },
      { path: `hardening[${kata}].runtimes[1]`, message: "runtime 'cloud-vm' serves 'vm', which the item's options do not name" },
    ]);
  });

  it('checks that a hardening item advises moving only to runtimes the matrix names', () => {
    const doc = readMatrixDocument('2026.8');
    const hint = doc.hardening.findIndex((h: { id: string }) => h.id === 'sandboxed-runtime-hint');
    doc.hardening[hint].suggests = ['gvisor', 'kata'];
    expect(validateMatrix(doc)).toEqual([{ path: `hardening[${hint}].suggests[1]`, message: "unknown runtime 'kata'" }]);
  });

  it('checks that a hardening item adds conditions only for its own options, down to the field', () => {
    const doc = readMatrixDocument('2026.7');
    const item = doc.hardening.findIndex((h: { id: string }) => h.id === 'no-privileged-mode');
    doc.hardening[item].optionWhen = { hybrid: { field: 'os', op: 'eq', value: 'macos' }, vm: { field: 'os', op: 'eq', value: 'linux' } };
    expect(pathsOf(doc)).toEqual([`hardening[${item}].optionWhen.hybrid.value`]);
    doc.hardening[item].optionWhen.hybrid.value = 'linux';
    expect(validateMatrix(doc)).toEqual([{ path: `hardening[${item}].optionWhen.vm`, message: "'vm' is not one of the item's options" }]);
  });

  it('checks conditions and example workloads down to the field', () => {
    const doc = minimalMatrixDocument();
    doc.constraints[0].when = { field: 'os', op: 'eq', value: 'macos' };
    doc.examples[0].workload.tenancy = 'shared';
    expect(pathsOf(doc)).toEqual(['constraints[0].when.value', 'examples[0].workload.tenancy']);
  });

  it('reports problems in several items at once, nested conditions included', () => {
    const doc = minimalMatrixDocument();
    doc.criteria[0].ratings.vm = 11;
    doc.importanceRules[0].when = { all: [{ field: 'codeTrust', op: 'eq', value: 'untrusted' }, { not: { field: 'gpu', op: 'eq', value: 'huge' } }] };
    doc.examples[0].workload.scale = { instances: 0 };
    expect(pathsOf(doc).sort()).toEqual(['criteria[0].ratings.vm', 'examples[0].workload.scale.instances', 'importanceRules[0].when.all[1].not.value']);
  });

  it('rejects a condition on an unknown field', () => {
    const doc = minimalMatrixDocument();
    doc.hardening[1].when = { field: 'color', op: 'eq', value: 'blue' };
    expect(pathsOf(doc)[0]).toMatch(/^hardening\[1\]\.when/);
  });

  it('loadMatrix throws a coded error carrying every problem', () => {
    const doc = minimalMatrixDocument();
    doc.criteria[0].ratings.vm = -1;
    doc.estimates.referenceHost.memoryMb = 0;
    let thrown: unknown;
    try {
      loadMatrix(doc);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(EngineError);
    expect((thrown as EngineError).code).toBe('MATRIX_INVALID');
    expect((thrown as EngineError).problems.map((p) => p.path).sort()).toEqual(['criteria[0].ratings.vm', 'estimates.referenceHost.memoryMb']);
  });

  it('checksums canonical JSON, so key order does not matter but content does', () => {
    const doc = minimalMatrixDocument();
    const reordered = Object.fromEntries(Object.entries(doc).reverse());
    const before = matrixChecksum(doc);
    expect(matrixChecksum(reordered)).toBe(before);
    expect(loadMatrix(doc).checksum).toBe(before);
    expect(before).toMatch(/^[0-9a-f]{64}$/);
    doc.criteria[0].ratings.vm = 9;
    expect(matrixChecksum(doc)).not.toBe(before);
  });
});
