import type { LoadedMatrix } from './matrix.js';
import { peakInstances, type Workload } from './workload.js';

/** A workload as placement weighs it: `pooledTenants` is set where its tenants share instances and it is weighed as one tenant's. */
export type PlacedWorkload = Workload & { readonly pooledTenants?: number };

/**
 * The workload that placement weighs. Where the matrix says so (`weighPooledTenantsAsOne`), a
 * long-running multi-tenant workload of trusted code whose stated tenants outnumber its peak
 * instances is weighed as a single-tenant workload of the same facts, carrying its tenant count
 * as `pooledTenants`: each of its instances already serves several tenants, so a sandbox or a VM
 * around an instance would not separate them. Untrusted code is not pooled this way (tenants'
 * code must never share an instance), nor are functions and batch jobs, whose instances work
 * for one tenant at a time. Any other workload is returned as it is.
 */
export function placedWorkload(matrix: LoadedMatrix, workload: Workload): PlacedWorkload {
  const tenants = workload.scale.tenants;
  if (tenants === undefined || tenants <= peakInstances(workload) || !canPoolTenants(matrix, workload)) return workload;
  const { tenants: _pooled, ...scale } = workload.scale;
  return { ...workload, tenancy: 'single-tenant', scale, pooledTenants: tenants };
}

/** Whether the matrix weighs this workload's tenants as one once they outnumber its instances: trusted, long-running, multi-tenant code. */
export function canPoolTenants(matrix: LoadedMatrix, workload: Workload): boolean {
  return matrix.document.weighPooledTenantsAsOne === true && workload.tenancy === 'multi-tenant' && workload.codeTrust !== 'untrusted' && workload.workloadType !== 'function' && workload.workloadType !== 'batch';
}
