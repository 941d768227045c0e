import type { OptionEstimate } from './evaluation.js';
import { startupFor, type CompiledRuntime, type LoadedMatrix } from './matrix.js';
import { hostFor, instancesPerGpu, overTenants, tenantVmHosts, tenantVmLayout, tenantVmLayoutsToPack, tenantVmsFillingHosts, type TenantVmLayout } from './tenant-vms.js';
import { PLACEMENT_OPTIONS, peakInstances, type PlacementOption, type Workload } from './workload.js';

/** The server the workload is sized on: the matrix's GPU server for GPU workloads when it names one, else its reference host. */
export function sizingHost(matrix: LoadedMatrix, workload: Workload): { description: string; memoryMb: number; usableMemoryFraction: number } {
  return hostFor(matrix.document.estimates, workload);
}

/** A Kubernetes memory quantity in MB (1 Mi = 1.048576 MB). */
const megabytes = (quantity: string) => Number.parseInt(quantity, 10) * (quantity.endsWith('Gi') ? 1073.741824 : 1.048576);

/** A Kubernetes CPU quantity in millicores ("250m" = 250, "1" = 1,000, "1.5" = 1,500), kept whole so that vCPUs divide by it exactly. */
const millicores = (quantity: string) => (quantity.endsWith('m') ? Number(quantity.slice(0, -1)) : Math.round(Number(quantity) * 1000));

/**
 * The smallest valid size at or above `mb` of bands where each band's sizes are the multiples of its
 * step above the previous band's top (512 MB; then 1 GB steps to 30 GB, and so on); `mb` itself above
 * the largest, which the estimate sizes at the largest with no rounding to add.
 */
export function roundedToValidSize(bands: readonly { upToMb: number; stepMb: number }[], mb: number): number {
  let below = 0;
  for (const { upToMb, stepMb } of bands) {
    if (mb <= upToMb) return Math.max(Math.ceil(mb / stepMb), Math.floor(below / stepMb) + 1) * stepMb;
    below = upToMb;
  }
  return mb;
}

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
 * counted by packing whole VMs. Where the matrix sizes tenant VMs to pack, the VMs are made as
 * small as need be for two to share a host: of the layouts with one cap on a VM's instances for
 * every tenant (filled in turn or spread evenly) and, for pooled instances, the one that fills each
 * host, the estimate takes the one needing the fewest hosts, then the fewest VMs, and states its
 * VMs and overhead; the packing then counts memory, VM by VM. Where the matrix counts pods' CPU
 * overhead, a pod on Kubernetes whose RuntimeClass states a podFixed CPU takes that much of the
 * reference host's vCPUs, so a host runs no more such pods than they divide into (the GPU server,
 * which states no vCPUs, is not bounded so); where it also counts a pod's own request, each pod takes
 * its memory's share of the reference host's vCPUs besides. A runtime whose instances' memory is one
 * of a set of sizes (a Fargate task's) carries what rounding up to the next size adds as overhead.
 * Start-up, and a new tenant's VM boot, are the runtime's figures for the workload's OS where it gives them.
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
  const packTenantVms = matrix.document.estimates.tenantVmIsOneNode === true && matrix.document.estimates.tenantVmsSizedToPack === true;
  // The scheduler adds a RuntimeClass's podFixed CPU to each pod's requests; only the reference host states the vCPUs it divides.
  const vcpus = matrix.document.estimates.podCpuOverheadOnKubernetes === true && !onGpuHost ? matrix.document.estimates.referenceHost.vcpus : undefined;
  // A pod's own CPU request, the workload stating none, is its memory's share of the reference host: in millicores times the host's MB, so that the bound is counted in whole numbers.
  const ownCpuShare = matrix.document.estimates.podCpuRequestByMemoryShare === true && vcpus !== undefined ? memoryMbPerInstance * vcpus * 1000 : 0;
  const referenceMb = matrix.document.estimates.referenceHost.memoryMb;
  return PLACEMENT_OPTIONS.map((option) => {
    const runtime = selected[option];
    const figures = runtime.figures;
    const startup = startupFor(runtime, workload);
    const podFixed = podOverhead ? runtime.kubernetes?.overhead : undefined;
    // A task's memory is one of the provider's sizes: what it rounds up to is paid for as overhead.
    const roundingMb = figures.taskMemorySizes ? roundedToValidSize(figures.taskMemorySizes, memoryMbPerInstance) - memoryMbPerInstance : 0;
    const perInstanceMb = (podFixed ? megabytes(podFixed.memory) : figures.memoryOverheadMb) + roundingMb;
    const ownLayout = figures.tenantVm ? tenantVmLayout(matrix.document.estimates, figures.tenantVm, perInstanceMb, workload) : undefined;
    // A wall between tenants is one per tenant at least: tenants cannot share a sandbox or a VM and stay apart.
    const planned = ownLayout ? ownLayout.planned : tenants !== undefined && option !== 'container' && !onDemand ? Math.max(instances, tenants) : instances;
    // Density figures are the reference host's; the GPU server, where the matrix says so, is sized by its GPUs and memory instead.
    const byReferenceDensity = !(onGpuHost && matrix.document.estimates.gpuHostSizedByGpusAndMemory);
    const podsPerNode = workload.orchestration === 'kubernetes' && !figures.tenantVm ? matrix.document.estimates.podsPerNodeOnKubernetes : undefined;
    const byDensity = byReferenceDensity ? Math.ceil(planned / figures.instancesPerHost) : 0;
    const byPodLimit = podsPerNode !== undefined ? Math.ceil(planned / podsPerNode) : 0;
    const podCpuMillicores = podFixed && vcpus !== undefined ? millicores(podFixed.cpu) : 0;
    // A podFixed CPU above the host's vCPUs admits no pod at all: like an instance above its memory, one to a larger host.
    // With the pod's own request: pods x (podFixed + share) <= vCPUs, in millicores times the host's MB.
    const podsByCpu = ownCpuShare > 0 ? Math.floor((vcpus! * 1000 * referenceMb) / (podCpuMillicores * referenceMb + ownCpuShare)) : Math.floor((vcpus! * 1000) / podCpuMillicores);
    const byPodCpu = podCpuMillicores > 0 ? Math.ceil(planned / Math.max(1, podsByCpu)) : 0;
    const byPortCopies = onHostNetwork && option === 'container' ? planned : 0;
    // What follows from how the instances are laid out in tenant VMs (none, for options without them).
    const sized = (layout: TenantVmLayout | undefined, packedHosts: number | undefined) => {
      const perVm = layout?.perVm ?? 1;
      const tenantVms = layout?.vms ?? 0;
      const overheadMb = planned * perInstanceMb + tenantVms * (figures.tenantVm?.memoryOverheadMb ?? 0);
      const byGpus = gpusPerTenantVm && figures.tenantVm ? Math.ceil(tenantVmGpus(planned, tenants ?? 1, perVm, perGpu) / gpuHost.gpus) : byGpu(planned);
      const byTenantVms = packedHosts ?? (byReferenceDensity && figures.tenantVm?.vmsPerHost ? Math.ceil(tenantVms / figures.tenantVm.vmsPerHost) : 0);
      // Pooled packing is kept for the versions that sized with it, so their answers replay.
      const perHost = wholeInstances ? Math.floor(usableMb / (memoryMbPerInstance + overheadMb / planned)) : null;
      // Whole VMs packed within each host's memory count it exactly; whole instances, each with an average share of the VMs' overhead, would round it up where the VMs pack.
      const packedMemory = packTenantVms && packedHosts !== undefined;
      const byMemory = perHost === null || (packedMemory && perHost > 0) ? Math.ceil((planned * memoryMbPerInstance + overheadMb) / usableMb) : perHost === 0 ? planned : Math.ceil(planned / perHost);
      const hostsNeeded = Math.max(1, byDensity, byPodLimit, byPodCpu, byTenantVms, byMemory, byGpus, byAgentCopies, byPortCopies);
      // No layout needs fewer hosts: more VMs take more memory, and the rest do not depend on the layout (GPUs, but where each VM takes whole ones).
      const fewestHosts = Math.max(1, byDensity, byPodLimit, byPodCpu, byMemory, gpusPerTenantVm ? 0 : byGpus, byAgentCopies, byPortCopies);
      return { tenantVms, overheadMb, perHost, hostsNeeded, fewestHosts };
    };
    const oneNode = ownLayout !== undefined && matrix.document.estimates.tenantVmIsOneNode === true;
    let size = sized(ownLayout, oneNode ? tenantVmHosts(matrix.document.estimates, figures.tenantVm!, perInstanceMb, ownLayout, workload) : undefined);
    // VMs that just miss sharing a host are made smaller rather than given a host each: the fewest hosts, then the fewest VMs (the least overhead).
    // The VMs filled to the most a host holds are the fewest, so they stand wherever they already need the fewest hosts any layout could.
    if (oneNode && packTenantVms && !figures.hostsRunByProvider && ownLayout.perVm > 1 && size.hostsNeeded > size.fewestHosts) {
      const better = (next: typeof size) => next.hostsNeeded < size.hostsNeeded || (next.hostsNeeded === size.hostsNeeded && next.tenantVms < size.tenantVms);
      // Each VM sharing its GPUs only among its own instances is counted for VMs of one size up to the cap, which a host-filling layout is not.
      const filling = gpusPerTenantVm ? undefined : tenantVmsFillingHosts(matrix.document.estimates, figures.tenantVm!, perInstanceMb, ownLayout, workload);
      if (filling) {
        const next = sized(filling, filling.hosts);
        if (better(next)) size = next;
      }
      for (const layout of tenantVmLayoutsToPack(matrix.document.estimates, figures.tenantVm!, perInstanceMb, ownLayout, workload)) {
        const next = sized(layout, layout.hosts);
        if (better(next)) size = next;
        // Smaller caps come with as many VMs or more, so with as much memory: none after this one can need fewer hosts than it could, or as few with fewer VMs.
        if (size.hostsNeeded < next.fewestHosts || (size.hostsNeeded === next.fewestHosts && size.tenantVms <= next.tenantVms)) break;
      }
    }
    return {
      option,
      runtime: matrix.listsRuntimes ? runtime.id : null,
      startupMs: { min: startup.min, max: startup.max },
      ...(figures.tenantVm ? { newTenantStartupMs: tenantVmBoot(figures.tenantVm, workload) } : {}),
      meetsStartupBudget: workload.startupBudgetMs === undefined ? null : startup.max <= workload.startupBudgetMs,
      instancesPlanned: planned,
      // Packed VMs may be more than the fewest that hold the instances, so the estimate states them, pooled or not.
      ...((tenants !== undefined || packTenantVms) && figures.tenantVm ? { tenantVmsPlanned: size.tenantVms } : {}),
      memoryMbPerInstance,
      memoryOverheadMbTotal: Math.round(size.overheadMb),
      cpuOverheadPct: { min: figures.cpuOverheadPct.min, max: figures.cpuOverheadPct.max },
      ...(figures.hostsRunByProvider
        ? { hostsNeeded: 0, hostsRunByProvider: true as const }
        : {
            hostsNeeded: size.hostsNeeded,
            ...(size.perHost === 0 ? { largerHostsNeeded: true as const } : {}),
          }),
    };
  });
}

/** A tenant VM's boot for the workload's OS, where the matrix gives one (a Windows guest's minutes), else its own figure. */
function tenantVmBoot(tenantVm: NonNullable<CompiledRuntime['figures']['tenantVm']>, workload: Pick<Workload, 'os'>): { min: number; max: number } {
  const boot = tenantVm.startupMsByOs?.[workload.os] ?? tenantVm.startupMs;
  return { min: boot.min, max: boot.max };
}

/** Whole GPUs for the tenant VMs when each VM shares its GPUs only among its own instances: each VM rounded up to whole GPUs. */
function tenantVmGpus(planned: number, tenants: number, perVm: number, perGpu: number): number {
  return overTenants(planned, tenants, (k) => Math.floor(k / perVm) * Math.ceil(perVm / perGpu) + Math.ceil((k % perVm) / perGpu));
}
