import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadMatrix, normalizeWorkload, type LoadedMatrix, type Workload, type WorkloadInput } from '../../src/engine/index.js';

export const MATRICES_DIR = fileURLToPath(new URL('../../src/engine/matrices/', import.meta.url));

/** The matrix a new database starts with; tests about the older one name '2026.1'. */
/** Matrix versions in numeric order: 2026.9 before 2026.10. */
export const byVersion = (a: string, b: string): number => a.localeCompare(b, 'en', { numeric: true });
export const DEFAULT_TEST_MATRIX = '2026.20';

export function readMatrixDocument(version = DEFAULT_TEST_MATRIX): Record<string, any> {
  return JSON.parse(readFileSync(`${MATRICES_DIR}${version}.json`, 'utf8'));
}

export function shippedMatrixFiles(): string[] {
  return readdirSync(MATRICES_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort();
}

const loaded = new Map<string, LoadedMatrix>();
export function loadMatrixVersion(version: string): LoadedMatrix {
  let matrix = loaded.get(version);
  if (!matrix) loaded.set(version, (matrix = loadMatrix(readMatrixDocument(version))));
  return matrix;
}
export const loadDefaultMatrix = (): LoadedMatrix => loadMatrixVersion(DEFAULT_TEST_MATRIX);

/** A plain first-party, single-tenant microservice; override what the test is about. */
export function workloadInput(overrides: Partial<WorkloadInput> = {}): WorkloadInput {
  return { name: 'test workload', codeTrust: 'first-party', tenancy: 'single-tenant', ...overrides };
}

export function workload(overrides: Partial<WorkloadInput> = {}): Workload {
  return normalizeWorkload(workloadInput(overrides));
}

/** The smallest valid matrix: two criteria, every option rated, one example. Tests change what they need. */
export function minimalMatrixDocument(): Record<string, any> {
  const profile = { startupMs: { min: 100, max: 200 }, memoryOverheadMb: 10, cpuOverheadPct: { min: 0, max: 1 }, instancesPerHost: 10, source: 'test' };
  return {
    version: 'test-1',
    title: 'Test matrix',
    options: {
      container: { label: 'Container', description: 'c' },
      microvm: { label: 'MicroVM', description: 'm' },
      vm: { label: 'VM', description: 'v' },
      hybrid: { label: 'Hybrid', description: 'h' },
    },
    criteria: [
      { id: 'isolation', name: 'Isolation', description: 'd', baseImportance: 1, ratings: { container: 2, microvm: 8, vm: 10, hybrid: 9 }, source: 's' },
      { id: 'speed', name: 'Speed', description: 'd', baseImportance: 3, ratings: { container: 10, microvm: 8, vm: 1, hybrid: 6 }, source: 's' },
    ],
    importanceRules: [{ id: 'untrusted', when: { field: 'codeTrust', op: 'eq', value: 'untrusted' }, importance: { isolation: 9 }, reason: 'the code is untrusted' }],
    constraints: [{ id: 'no-windows-container', when: { field: 'os', op: 'eq', value: 'windows' }, excludes: ['container'], reason: 'no Windows on Linux kernels' }],
    estimates: {
      referenceHost: { description: 'test host', memoryMb: 10000, usableMemoryFraction: 1 },
      defaultMemoryMbPerInstance: 100,
      profiles: { container: profile, microvm: profile, vm: { ...profile, instancesPerHost: 2, memoryOverheadMb: 500 }, hybrid: profile },
    },
    hardening: [
      { id: 'always', options: ['container'], level: 'should', text: 'always shown for containers' },
      { id: 'socket', options: ['container'], level: 'must', text: 'socket warning', when: { field: 'privileges', op: 'contains', value: 'docker-socket' } },
    ],
    examples: [{ id: 'plain', description: 'plain service', workload: { name: 'x', codeTrust: 'first-party', tenancy: 'single-tenant' }, expected: 'microvm' }],
  };
}
