import { checkCondition, compileCondition, conditionFields, type Condition } from './conditions.js';
import type { ValidationProblem } from './errors.js';
import { workload } from '../../test/support/factories.js';

const holds = (condition: Condition, overrides = {}) => compileCondition(condition)(workload(overrides));
const problemsOf = (condition: Condition) => {
  const problems: ValidationProblem[] = [];
  checkCondition(condition, 'when', problems);
  return problems;
};

describe('condition language', () => {
  it('compares enum fields with eq, ne and in', () => {
    expect(holds({ field: 'tenancy', op: 'eq', value: 'multi-tenant' }, { tenancy: 'multi-tenant' })).toBe(true);
    expect(holds({ field: 'tenancy', op: 'eq', value: 'multi-tenant' })).toBe(false);
    expect(holds({ field: 'os', op: 'ne', value: 'linux' }, { os: 'windows' })).toBe(true);
    expect(holds({ field: 'os', op: 'in', value: ['windows', 'other'] }, { os: 'other' })).toBe(true);
    expect(holds({ field: 'os', op: 'in', value: ['windows', 'other'] })).toBe(false);
  });

  it('tests set fields with contains, containsAny and isEmpty', () => {
    const w = { privileges: ['root', 'host-network'] as const };
    expect(holds({ field: 'privileges', op: 'contains', value: 'root' }, w)).toBe(true);
    expect(holds({ field: 'privileges', op: 'contains', value: 'privileged' }, w)).toBe(false);
    expect(holds({ field: 'privileges', op: 'containsAny', value: ['privileged', 'host-network'] }, w)).toBe(true);
    expect(holds({ field: 'privileges', op: 'isEmpty', value: false }, w)).toBe(true);
    expect(holds({ field: 'privileges', op: 'isEmpty', value: true })).toBe(true);
  });

  it('compares numbers, nested scale fields included, and treats an absent number as matching nothing', () => {
    expect(holds({ field: 'scale.instances', op: 'gte', value: 100 }, { scale: { instances: 100 } })).toBe(true);
    expect(holds({ field: 'scale.instances', op: 'gt', value: 100 }, { scale: { instances: 100 } })).toBe(false);
    expect(holds({ field: 'startupBudgetMs', op: 'lt', value: 1000 })).toBe(false);
    expect(holds({ field: 'startupBudgetMs', op: 'lte', value: 1000 }, { startupBudgetMs: 1000 })).toBe(true);
    expect(holds({ field: 'startupBudgetMs', op: 'exists', value: false })).toBe(true);
    expect(holds({ field: 'scale.burstInstances', op: 'exists', value: true }, { scale: { instances: 1, burstInstances: 5 } })).toBe(true);
  });

  it('combines with all, any and not', () => {
    const untrustedShared: Condition = {
      all: [
        { field: 'codeTrust', op: 'eq', value: 'untrusted' },
        { field: 'tenancy', op: 'eq', value: 'multi-tenant' },
      ],
    };
    expect(holds(untrustedShared, { codeTrust: 'untrusted', tenancy: 'multi-tenant' })).toBe(true);
    expect(holds(untrustedShared, { codeTrust: 'untrusted' })).toBe(false);
    expect(holds({ any: untrustedShared.all }, { codeTrust: 'untrusted' })).toBe(true);
    expect(holds({ not: untrustedShared }, { codeTrust: 'untrusted' })).toBe(true);
  });

  it('reports the fields a condition reads, sorted and once each', () => {
    expect(conditionFields({ any: [{ field: 'tenancy', op: 'eq', value: 'multi-tenant' }, { not: { field: 'codeTrust', op: 'eq', value: 'untrusted' } }, { field: 'tenancy', op: 'ne', value: 'single-tenant' }] })).toEqual(['codeTrust', 'tenancy']);
  });

  it('rejects a value the field cannot hold, naming the path and the allowed values', () => {
    const problems = problemsOf({ all: [{ field: 'tenancy', op: 'eq', value: 'multitenant' }] });
    expect(problems).toEqual([{ path: 'when.all[0].value', message: expect.stringContaining('allowed: single-tenant, multi-tenant') }]);
  });

  it('rejects an operator that does not suit the field', () => {
    expect(problemsOf({ field: 'privileges', op: 'eq', value: 'root' })[0]?.path).toBe('when.op');
    expect(problemsOf({ field: 'scale.instances', op: 'contains', value: 3 })[0]?.path).toBe('when.op');
  });

  it('insists on a list for in and containsAny and a single value otherwise', () => {
    expect(problemsOf({ field: 'os', op: 'in', value: 'linux' })[0]?.message).toMatch(/array/);
    expect(problemsOf({ field: 'os', op: 'eq', value: ['linux'] })[0]?.message).toMatch(/single value/);
    expect(problemsOf({ field: 'legacy', op: 'eq', value: 'yes' })[0]?.path).toBe('when.value');
    expect(problemsOf({ field: 'startupBudgetMs', op: 'lt', value: '500' })[0]?.path).toBe('when.value');
    expect(problemsOf({ field: 'compliance', op: 'containsAny', value: ['pci-dss', 'sox'] })[0]?.path).toBe('when.value[1]');
  });
});
