import { GPU_SHARING, peakInstances, type Workload } from './workload.js';

/** What the layout reads of a matrix's estimates and a runtime's tenant VMs (typed here, so that matrix.ts can use it). */
type Host = { description: string; memoryMb: number; usableMemoryFraction: number };
type Estimates = {
  referenceHost: Host;
  gpuHost?: Host & { gpus: number; instancesPerGpu: Record<'dedicated' | (typeof GPU_SHARING)[number], number> };
  defaultMemoryMbPerInstance: number;
  sizePerTenant?: boolean;
  hostNetworkOnePerHost?: boolean;
  gpuHostSizedByGpusAndMemory?: boolean;
  tenantVmIsOneNode?: boolean;
};
type TenantVm = { instancesPerVm: number; memoryOverheadMb: number; vmsPerHost?: number };

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

/** The server the workload is sized on: the matrix's GPU server for GPU workloads when it names one, else its reference host. */
export function hostFor(estimates: Estimates, workload: Workload): Host {
  return workload.gpu !== 'none' && estimates.gpuHost !== undefined ? estimates.gpuHost : estimates.referenceHost;
}

/** Instances sharing one GPU on the matrix's GPU server; 1 elsewhere. */
export function instancesPerGpu(estimates: Estimates, workload: Workload): number {
  if (workload.gpu === 'none' || estimates.gpuHost === undefined) return 1;
  return estimates.gpuHost.instancesPerGpu[workload.gpu === 'dedicated' ? 'dedicated' : (workload.gpuSharing ?? 'time-slicing')];
}

const usableMb = (host: Host) => host.memoryMb * host.usableMemoryFraction;
const instanceMb = (estimates: Estimates, workload: Workload, instanceOverheadMb: number) => (workload.memoryMbPerInstance ?? estimates.defaultMemoryMbPerInstance) + instanceOverheadMb;

/** The most instances one VM can hold when it must fit on one host: its host's memory after the VM's own overhead, and the GPU server's GPUs. */
function instancesOneHostHolds(estimates: Estimates, tenantVm: TenantVm, instanceOverheadMb: number, workload: Workload): number {
  const host = hostFor(estimates, workload);
  const byMemory = Math.floor((usableMb(host) - tenantVm.memoryOverheadMb) / instanceMb(estimates, workload, instanceOverheadMb));
  const byGpus = workload.gpu !== 'none' && estimates.gpuHost !== undefined ? estimates.gpuHost.gpus * instancesPerGpu(estimates, workload) : Infinity;
  return Math.max(1, Math.min(byMemory, byGpus));
}

/**
 * `instanceOverheadMb` is the runtime's memory overhead for each instance inside a VM. `asNodes`
 * false leaves out what makes a VM one node on one host (what a host can hold, a host agent's copy
 * in each): the estimate plans them, but the fill rating reads only the walls between tenants and
 * ports, since large instances carry a VM's overhead well and an agent's VMs are the nodes of the
 * workloads it serves.
 */
export function tenantVmLayout(estimates: Estimates, tenantVm: TenantVm, instanceOverheadMb: number, workload: Workload, asNodes = true): TenantVmLayout {
  const instances = peakInstances(workload);
  const tenants = estimates.sizePerTenant ? workload.scale.tenants : undefined;
  const oneNode = estimates.tenantVmIsOneNode === true && asNodes;
  // A VM's network is its containers' host network: copies on it bind the same ports, so one to a VM. A host agent serves the node it runs on, and a tenant VM is a node.
  const onePerVm = (estimates.hostNetworkOnePerHost === true && workload.privileges.includes('host-network')) || (oneNode && workload.hostAgent);
  const perVm = onePerVm ? 1 : oneNode ? Math.min(tenantVm.instancesPerVm, instancesOneHostHolds(estimates, tenantVm, instanceOverheadMb, workload)) : tenantVm.instancesPerVm;
  // A wall between tenants is one per tenant at least: tenants cannot share a VM and stay apart.
  const planned = tenants === undefined ? instances : Math.max(instances, tenants);
  const vms = tenants === undefined ? Math.ceil(instances / perVm) : tenantVmsFor(planned, tenants, perVm);
  return { planned, perVm, vms, tenants };
}

/**
 * How full a runtime's tenant VMs are, from 0 (an instance to a VM) to 1 (`ownFrom` instances
 * to a VM or more), on the log of their average fill: a VM's overhead is paid per VM, so the
 * overhead each instance carries falls with the log of how many share one. Only walls decide
 * the fill (tenants that cannot share a VM, copies that cannot share its ports), not what makes a
 * VM one node on one host; pooled instances fill VMs as they need, so they count as full.
 */
export function tenantVmFullness(estimates: Estimates, tenantVm: TenantVm, instanceOverheadMb: number, ownFrom: number, workload: Workload): number {
  const { planned, vms, tenants, perVm } = tenantVmLayout(estimates, tenantVm, instanceOverheadMb, workload, false);
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

/**
 * Hosts for the layout's VMs when each VM sits whole on one host: the VMs packed first fit,
 * largest first, as many to a host as its memory, its GPUs and the runtime's VMs per host allow,
 * with each tenant's instances (or the pooled ones) either filling VMs in turn or spread evenly
 * over them, whichever needs fewer hosts.
 */
export function tenantVmHosts(estimates: Estimates, tenantVm: TenantVm, instanceOverheadMb: number, layout: TenantVmLayout, workload: Workload): number {
  const pack = (split: Split) => packedHosts(estimates, tenantVm, instanceOverheadMb, vmSizes(layout, layout.perVm, split), workload);
  return Math.min(pack('fill'), pack('even'));
}

/**
 * The pooled instances (no tenants) laid out host by host: every host but the last holds the most
 * instances any number of VMs of at most `perVm` can hold on it, in as few VMs as hold that many,
 * and the last the rest, so that the layout needs the fewest hosts any layout could. Undefined
 * where the layout walls tenants apart, or a VM of one instance is larger than a host.
 */
export function tenantVmsFillingHosts(estimates: Estimates, tenantVm: TenantVm, instanceOverheadMb: number, layout: TenantVmLayout, workload: Workload): (TenantVmLayout & { hosts: number }) | undefined {
  if (layout.tenants !== undefined) return undefined;
  const empty = emptyHost(estimates, tenantVm, workload);
  const mb = instanceMb(estimates, workload, instanceOverheadMb);
  const byMemory = (vms: number) => Math.floor((empty.memoryMb - vms * tenantVm.memoryOverheadMb) / mb);
  const holds = (vms: number) => Math.max(0, Math.min(vms * layout.perVm, byMemory(vms), empty.shares, layout.planned));
  let most = 0;
  let vmsForMost = 0;
  // Past the first count of VMs that memory, GPUs or the instances bound rather than their size, more VMs only take memory.
  for (let vms = 1; vms <= empty.slots; vms++) {
    if (holds(vms) > most) [most, vmsForMost] = [holds(vms), vms];
    if (vms * layout.perVm >= Math.min(byMemory(vms), empty.shares, layout.planned)) break;
  }
  if (most === 0) return undefined;
  const hosts = Math.ceil(layout.planned / most);
  const rest = layout.planned - (hosts - 1) * most;
  let vmsForRest = 1;
  while (holds(vmsForRest) < rest) vmsForRest++;
  const perVm = Math.max(Math.ceil(most / vmsForMost), Math.ceil(rest / vmsForRest));
  return { ...layout, perVm, vms: (hosts - 1) * vmsForMost + vmsForRest, hosts };
}

/**
 * The other layouts a matrix that sizes tenant VMs to pack weighs against the layout's own, each
 * with the hosts its VMs take (as `tenantVmHosts` counts them): every smaller cap on the instances
 * a VM holds, the same cap for every tenant, largest first (so with as many VMs or more each time),
 * down to one instance to a VM. Caps above the most instances one tenant (or the pool) runs lay them out as the
 * layout's own does, so they are left out. Each is packed only when the caller reads it.
 */
export function* tenantVmLayoutsToPack(estimates: Estimates, tenantVm: TenantVm, instanceOverheadMb: number, layout: TenantVmLayout, workload: Workload): Generator<TenantVmLayout & { hosts: number }> {
  const largestSet = layout.tenants === undefined ? layout.planned : Math.ceil(layout.planned / layout.tenants);
  // Caps that split every set into VMs of the same sizes pack alike: each set of sizes is packed once.
  const packed = new Map<string, number>();
  const pack = (sizes: Map<number, number>) => {
    const key = [...sizes].join(';');
    let hosts = packed.get(key);
    if (hosts === undefined) {
      hosts = packedHosts(estimates, tenantVm, instanceOverheadMb, sizes, workload);
      packed.set(key, hosts);
    }
    return hosts;
  };
  for (let cap = Math.min(layout.perVm - 1, largestSet - 1); cap >= 1; cap--) {
    const vms = layout.tenants === undefined ? Math.ceil(layout.planned / cap) : tenantVmsFor(layout.planned, layout.tenants, cap);
    yield { ...layout, perVm: cap, vms, hosts: Math.min(pack(vmSizes(layout, cap, 'fill')), pack(vmSizes(layout, cap, 'even'))) };
  }
}

type Split = 'fill' | 'even';

/** VM sizes (instances to a VM) and how many VMs of each, largest first, when each set holds at most `cap` to a VM. */
function vmSizes(layout: TenantVmLayout, cap: number, split: Split): Map<number, number> {
  const bySize = new Map<number, number>();
  const add = (size: number, count: number) => {
    if (size > 0 && count > 0) bySize.set(size, (bySize.get(size) ?? 0) + count);
  };
  // `count` sets of `instances` each, every set over as few VMs as hold it: full VMs and the rest, or spread evenly.
  const spread = (instances: number, count: number) => {
    if (instances === 0 || count === 0) return;
    if (split === 'fill') {
      add(cap, Math.floor(instances / cap) * count);
      add(instances % cap, count);
      return;
    }
    const vms = Math.ceil(instances / cap);
    const base = Math.floor(instances / vms);
    const larger = instances % vms;
    add(base + 1, larger * count);
    add(base, (vms - larger) * count);
  };
  if (layout.tenants === undefined) spread(layout.planned, 1);
  else {
    const fewer = layout.planned % layout.tenants;
    const base = Math.floor(layout.planned / layout.tenants);
    spread(base + 1, fewer);
    spread(base, layout.tenants - fewer);
  }
  return new Map([...bySize].sort((a, b) => b[0] - a[0]));
}

/** What one empty host offers tenant VMs: memory, GPU shares (an instance's part of a GPU) and VMs. */
function emptyHost(estimates: Estimates, tenantVm: TenantVm, workload: Workload): { memoryMb: number; shares: number; slots: number } {
  const gpuHost = workload.gpu !== 'none' ? estimates.gpuHost : undefined;
  return {
    memoryMb: usableMb(hostFor(estimates, workload)),
    // GPUs are shared across VMs as the VM option shares them (through vGPU, as the checklist says).
    shares: gpuHost ? gpuHost.gpus * instancesPerGpu(estimates, workload) : Infinity,
    // The reference host's VMs-per-host figure does not bound the GPU server, which is sized by its GPUs and memory.
    slots: gpuHost && estimates.gpuHostSizedByGpusAndMemory ? Infinity : (tenantVm.vmsPerHost ?? Infinity),
  };
}

function packedHosts(estimates: Estimates, tenantVm: TenantVm, instanceOverheadMb: number, bySize: Map<number, number>, workload: Workload): number {
  const empty = emptyHost(estimates, tenantVm, workload);
  const gpuHost = workload.gpu !== 'none' ? estimates.gpuHost : undefined;
  type Hosts = { count: number; memoryMb: number; shares: number; slots: number };
  const hosts: Hosts[] = [];
  for (const [size, count] of bySize) {
    const vmMb = size * instanceMb(estimates, workload, instanceOverheadMb) + tenantVm.memoryOverheadMb;
    const vmShares = gpuHost ? size : 0;
    const room = (h: Omit<Hosts, 'count'>) => Math.max(0, Math.min(h.slots, Math.floor(h.memoryMb / vmMb), vmShares > 0 ? Math.floor(h.shares / vmShares) : Infinity));
    const place = (from: Omit<Hosts, 'count'>, hostsCount: number, vms: number) => hosts.push({ count: hostsCount, memoryMb: from.memoryMb - vms * vmMb, shares: from.shares - vms * vmShares, slots: from.slots - vms });
    let left = count;
    for (const group of [...hosts]) {
      const k = room(group);
      if (left === 0) break;
      if (k === 0 || group.count === 0) continue;
      const filled = Math.min(group.count, Math.floor(left / k));
      group.count -= filled;
      if (filled > 0) place(group, filled, k);
      left -= filled * k;
      if (left > 0 && left < k && group.count > 0) {
        group.count -= 1;
        place(group, 1, left);
        left = 0;
      }
    }
    if (left > 0) {
      // A VM larger than the host still gets one (a larger host, as the estimate says).
      const k = Math.max(1, room(empty));
      if (left >= k) place(empty, Math.floor(left / k), k);
      if (left % k > 0) place(empty, 1, left % k);
    }
  }
  return hosts.reduce((sum, h) => sum + h.count, 0);
}
