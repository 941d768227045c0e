import type { LoadedMatrix } from './matrix.js';
import type { Workload } from './workload.js';

/** A workload as placement weighs it: `pooledTenants` is set where its tenants share instances and it is weighed as one tenant's. */
export type PlacedWorkload = Workload & { readonly pooledTenants?: number };

/**
 * The workload that placement weighs. Where the matrix says so (`weighPooledTenantsAsOne`), a
 * long-running multi-tenant workload of trusted code whose stated tenants outnumber its steady
 * instances is weighed as a single-tenant workload of the same facts, carrying its tenant count
 * as `pooledTenants`: each of its instances already serves several tenants, so a sandbox or a VM
 * around an instance would not separate them. Untrusted code is not pooled this way (tenants'
 * code must never share an instance), nor are functions and batch jobs, whose instances work
 * for one tenant at a time, nor a workload under a hardware-isolation mandate. Any other workload
 * is returned as it is.
 */
export function placedWorkload(matrix: LoadedMatrix, workload: Workload): PlacedWorkload {
  const tenants = workload.scale.tenants;
  // Steady instances: a service that runs all the time serves every tenant from them, whatever it bursts to.
  if (tenants === undefined || tenants <= workload.scale.instances || !canPoolTenants(matrix, workload)) return workload;
  const { tenants: _pooled, ...scale } = workload.scale;
  return { ...workload, tenancy: 'single-tenant', scale, pooledTenants: tenants };
}

/**
 * Whether the matrix weighs this workload's tenants as one once they outnumber its instances:
 * trusted, long-running, multi-tenant code under no hardware-isolation mandate (which, for tenants,
 * asks for the walls between them that pooling gives up).
 */
export function canPoolTenants(matrix: LoadedMatrix, workload: Workload): boolean {
  return (
    matrix.document.weighPooledTenantsAsOne === true && workload.tenancy === 'multi-tenant' && workload.codeTrust !== 'untrusted' && !workload.requiresHardwareIsolation && workload.workloadType !== 'function' && workload.workloadType !== 'batch'
  );
}
