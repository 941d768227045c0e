import type { OptionEstimate } from './evaluation.js';
import { startupFor, type CompiledRuntime, type LoadedMatrix } from './matrix.js';
import { hostFor, instancesPerGpu, overTenants, tenantVmHosts, tenantVmLayout } from './tenant-vms.js';
import { PLACEMENT_OPTIONS, peakInstances, type PlacementOption, type Workload } from './workload.js';

/** The server the workload is sized on: the matrix's GPU server for GPU workloads when it names one, else its reference host. */
export function sizingHost(matrix: LoadedMatrix, workload: Workload): { description: string; memoryMb: number; usableMemoryFraction: number } {
  return hostFor(matrix.document.estimates, workload);
}

/** A Kubernetes memory quantity in MB (1 Mi = 1.048576 MB). */
const megabytes = (quantity: string) => Number.parseInt(quantity, 10) * (quantity.endsWith('Gi') ? 1073.741824 : 1.048576);

/**
 * Sizes every option for the workload's peak (burst if given, else steady instances) on the
 * figures of the runtime each option was scored on. Hosts are bounded by density (of tenant
 * VMs too, where the matrix gives their VMs per host), by memory and, for GPU workloads on the
 * matrix's GPU server, by how many instances share a GPU (where the matrix says so, by GPUs and
 * memory alone, the density figures being the reference host's);
 * a host agent, where the matrix says so, by its copies, one on each host it serves; on Kubernetes,
 * where the matrix says so, by the pods a node may run (a tenant VM is a node of its own, so hybrid is not).
 * Under `whole-instances` packing memory counts whole instances, with their share of
 * overhead, per host, and an instance larger than the host gets a larger host of its own.
 * A runtime whose hosts a provider runs needs none of the team's.
 * Where the matrix sizes per tenant and the workload states its tenants, an option that walls
 * tenants apart plans an instance per tenant at least, and hybrid a set of VMs per tenant; where
 * the matrix says idle tenants hold no instance, functions and batch jobs walled off one instance
 * at a time plan only their peak; where the matrix says so, hybrid's VMs take whole GPUs each when
 * the workload shares GPUs within one OS, and a workload on the host's network runs one copy to a
 * host as a container and one to a VM as hybrid; where the matrix says a tenant VM is one node on
 * one host, a VM holds no more than a host can, a host agent runs one copy in each, and hosts are
 * counted by packing whole VMs.
 */
export function estimateOptions(matrix: LoadedMatrix, workload: Workload, selected: Record<PlacementOption, CompiledRuntime>): OptionEstimate[] {
  const { gpuHost, defaultMemoryMbPerInstance } = matrix.document.estimates;
  const instances = peakInstances(workload);
  const memoryMbPerInstance = workload.memoryMbPerInstance ?? defaultMemoryMbPerInstance;
  const onGpuHost = workload.gpu !== 'none' && gpuHost !== undefined;
  const host = sizingHost(matrix, workload);
  const usableMb = host.memoryMb * host.usableMemoryFraction;
  const wholeInstances = matrix.document.estimates.memoryPacking === 'whole-instances';
  const podOverhead = workload.orchestration === 'kubernetes' && matrix.document.estimates.podOverheadOnKubernetes === true;
  const byAgentCopies = workload.hostAgent && matrix.document.estimates.hostAgentsOnePerHost ? instances : 0;
  // Copies of one workload on the host's network all want the same ports: one to a host (or to a tenant VM, whose network is the containers' host network).
  const onHostNetwork = matrix.document.estimates.hostNetworkOnePerHost === true && workload.privileges.includes('host-network');
  const tenants = matrix.document.estimates.sizePerTenant ? workload.scale.tenants : undefined;
  // Instances that start for a piece of work and end with it: an idle tenant holds none.
  const onDemand = matrix.document.estimates.idleTenantsHoldNoInstance === true && (workload.workloadType === 'function' || workload.workloadType === 'batch');
  const perGpu = instancesPerGpu(matrix.document.estimates, workload);
  const byGpu = (planned: number) => (onGpuHost ? Math.ceil(planned / (gpuHost.gpus * perGpu)) : 0);
  // A GPU shared within one OS (time-slicing, MIG) is shared within one tenant VM's OS only: each VM takes whole GPUs.
  const gpusPerTenantVm = onGpuHost && matrix.document.estimates.wholeGpusPerTenantVm === true && workload.gpu === 'shared' && workload.gpuSharing !== 'vgpu';
  return PLACEMENT_OPTIONS.map((option) => {
    const runtime = selected[option];
    const figures = runtime.figures;
    const startup = startupFor(runtime, workload);
    const perInstanceMb = podOverhead && runtime.kubernetes?.overhead ? megabytes(runtime.kubernetes.overhead.memory) : figures.memoryOverheadMb;
    const layout = figures.tenantVm ? tenantVmLayout(matrix.document.estimates, figures.tenantVm, perInstanceMb, workload) : undefined;
    // A wall between tenants is one per tenant at least: tenants cannot share a sandbox or a VM and stay apart.
    const planned = layout ? layout.planned : tenants !== undefined && option !== 'container' && !onDemand ? Math.max(instances, tenants) : instances;
    const perVm = layout?.perVm ?? 1;
    const tenantVms = layout?.vms ?? 0;
    const overheadMb = planned * perInstanceMb + tenantVms * (figures.tenantVm?.memoryOverheadMb ?? 0);
    // Density figures are the reference host's; the GPU server, where the matrix says so, is sized by its GPUs and memory instead.
    const byReferenceDensity = !(onGpuHost && matrix.document.estimates.gpuHostSizedByGpusAndMemory);
    const podsPerNode = workload.orchestration === 'kubernetes' && !figures.tenantVm ? matrix.document.estimates.podsPerNodeOnKubernetes : undefined;
    const byDensity = byReferenceDensity ? Math.ceil(planned / figures.instancesPerHost) : 0;
    const byPodLimit = podsPerNode !== undefined ? Math.ceil(planned / podsPerNode) : 0;
    const byPortCopies = onHostNetwork && option === 'container' ? planned : 0;
    const byGpus = gpusPerTenantVm && figures.tenantVm ? Math.ceil(tenantVmGpus(planned, tenants ?? 1, perVm, perGpu) / gpuHost.gpus) : byGpu(planned);
    const byTenantVms =
      layout && matrix.document.estimates.tenantVmIsOneNode
        ? tenantVmHosts(matrix.document.estimates, figures.tenantVm!, perInstanceMb, layout, workload)
        : byReferenceDensity && figures.tenantVm?.vmsPerHost
          ? Math.ceil(tenantVms / figures.tenantVm.vmsPerHost)
          : 0;
    // Pooled packing is kept for the versions that sized with it, so their answers replay.
    const perHost = wholeInstances ? Math.floor(usableMb / (memoryMbPerInstance + overheadMb / planned)) : null;
    const byMemory = perHost === null ? Math.ceil((planned * memoryMbPerInstance + overheadMb) / usableMb) : perHost === 0 ? planned : Math.ceil(planned / perHost);
    return {
      option,
      runtime: matrix.listsRuntimes ? runtime.id : null,
      startupMs: { min: startup.min, max: startup.max },
      ...(figures.tenantVm ? { newTenantStartupMs: { min: figures.tenantVm.startupMs.min, max: figures.tenantVm.startupMs.max } } : {}),
      meetsStartupBudget: workload.startupBudgetMs === undefined ? null : startup.max <= workload.startupBudgetMs,
      instancesPlanned: planned,
      ...(tenants !== undefined && figures.tenantVm ? { tenantVmsPlanned: tenantVms } : {}),
      memoryMbPerInstance,
      memoryOverheadMbTotal: Math.round(overheadMb),
      cpuOverheadPct: { min: figures.cpuOverheadPct.min, max: figures.cpuOverheadPct.max },
      ...(figures.hostsRunByProvider
        ? { hostsNeeded: 0, hostsRunByProvider: true as const }
        : {
            hostsNeeded: Math.max(1, byDensity, byPodLimit, byTenantVms, byMemory, byGpus, byAgentCopies, byPortCopies),
            ...(perHost === 0 ? { largerHostsNeeded: true as const } : {}),
          }),
    };
  });
}

/** Whole GPUs for the tenant VMs when each VM shares its GPUs only among its own instances: each VM rounded up to whole GPUs. */
function tenantVmGpus(planned: number, tenants: number, perVm: number, perGpu: number): number {
  return overTenants(planned, tenants, (k) => Math.floor(k / perVm) * Math.ceil(perVm / perGpu) + Math.ceil((k % perVm) / perGpu));
}
