import { peakInstances, type Workload } from './workload.js';

/** What the layout reads of a matrix's estimates and a runtime's tenant VMs (typed here, so that matrix.ts can use it). */
type SizingFlags = { sizePerTenant?: boolean; hostNetworkOnePerHost?: boolean };
type TenantVm = { instancesPerVm: number };

/** How a hybrid runtime lays the workload's instances out in tenant VMs: what the estimate sizes and what its ratings are read on. */
export interface TenantVmLayout {
  /** Instances planned: the peak, or one per tenant at least where the matrix sizes per tenant. */
  planned: number;
  /** Instances a VM may hold: its figure, or one where copies on the host's network would all bind the same ports. */
  perVm: number;
  vms: number;
  /** The tenants the matrix sizes for; undefined where it pools instances into VMs. */
  tenants: number | undefined;
}

export function tenantVmLayout(estimates: SizingFlags, tenantVm: TenantVm, workload: Workload): TenantVmLayout {
  const instances = peakInstances(workload);
  const tenants = estimates.sizePerTenant ? workload.scale.tenants : undefined;
  // A VM's network is its containers' host network: copies on it bind the same ports, so one to a VM.
  const perVm = estimates.hostNetworkOnePerHost === true && workload.privileges.includes('host-network') ? 1 : tenantVm.instancesPerVm;
  // A wall between tenants is one per tenant at least: tenants cannot share a VM and stay apart.
  const planned = tenants === undefined ? instances : Math.max(instances, tenants);
  const vms = tenants === undefined ? Math.ceil(instances / perVm) : tenantVmsFor(planned, tenants, perVm);
  return { planned, perVm, vms, tenants };
}

/**
 * How full a runtime's tenant VMs are, from 0 (an instance to a VM) to 1 (`ownFrom` instances
 * to a VM or more), on the log of their average fill: a VM's overhead is paid per VM, so the
 * overhead each instance carries falls with the log of how many share one. Only walls decide
 * the fill (tenants that cannot share a VM, copies that cannot share its ports); pooled
 * instances fill VMs as they need, so they count as full.
 */
export function tenantVmFullness(estimates: SizingFlags, tenantVm: TenantVm, ownFrom: number, workload: Workload): number {
  const { planned, vms, tenants, perVm } = tenantVmLayout(estimates, tenantVm, workload);
  if (tenants === undefined && perVm > 1) return 1;
  return Math.min(1, Math.log(planned / vms) / Math.log(ownFrom));
}

/** Sums `count` over the tenants when the planned instances spread evenly over them: `fewer` tenants run base + 1 instances, the rest run base. */
export function overTenants(planned: number, tenants: number, count: (instances: number) => number): number {
  const fewer = planned % tenants;
  const base = Math.floor(planned / tenants);
  return fewer * count(base + 1) + (tenants - fewer) * count(base);
}

/** Tenant VMs when each tenant gets VMs of its own, each filled to `perVm` at most. */
function tenantVmsFor(planned: number, tenants: number, perVm: number): number {
  return overTenants(planned, tenants, (k) => Math.ceil(k / perVm));
}
