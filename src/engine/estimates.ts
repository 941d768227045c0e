import type { OptionEstimate } from './evaluation.js';
import type { CompiledRuntime, LoadedMatrix } from './matrix.js';
import { PLACEMENT_OPTIONS, peakInstances, type PlacementOption, type Workload } from './workload.js';

/**
 * Sizes every option for the workload's peak (burst if given, else steady instances) on the
 * figures of the runtime each option was scored on. Hosts are bounded by density, by memory
 * and, for GPU workloads on the matrix's GPU server, by how many instances share a GPU.
 */
export function estimateOptions(matrix: LoadedMatrix, workload: Workload, selected: Record<PlacementOption, CompiledRuntime>): OptionEstimate[] {
  const { referenceHost, gpuHost, defaultMemoryMbPerInstance } = matrix.document.estimates;
  const instances = peakInstances(workload);
  const memoryMbPerInstance = workload.memoryMbPerInstance ?? defaultMemoryMbPerInstance;
  const onGpuHost = workload.gpu !== 'none' && gpuHost !== undefined;
  const usableMb = onGpuHost ? gpuHost.memoryMb * gpuHost.usableMemoryFraction : referenceHost.memoryMb * referenceHost.usableMemoryFraction;
  const byGpu = onGpuHost ? Math.ceil(instances / (gpuHost.gpus * gpuHost.instancesPerGpu[workload.gpu === 'dedicated' ? 'dedicated' : (workload.gpuSharing ?? 'time-slicing')])) : 0;
  return PLACEMENT_OPTIONS.map((option) => {
    const runtime = selected[option];
    const figures = runtime.figures;
    const tenantVms = figures.tenantVm ? Math.ceil(instances / figures.tenantVm.instancesPerVm) : 0;
    const overheadMb = instances * figures.memoryOverheadMb + tenantVms * (figures.tenantVm?.memoryOverheadMb ?? 0);
    const byDensity = Math.ceil(instances / figures.instancesPerHost);
    const byMemory = Math.ceil((instances * memoryMbPerInstance + overheadMb) / usableMb);
    return {
      option,
      runtime: matrix.listsRuntimes ? runtime.id : null,
      startupMs: { min: figures.startupMs.min, max: figures.startupMs.max },
      ...(figures.tenantVm ? { newTenantStartupMs: { min: figures.tenantVm.startupMs.min, max: figures.tenantVm.startupMs.max } } : {}),
      meetsStartupBudget: workload.startupBudgetMs === undefined ? null : figures.startupMs.max <= workload.startupBudgetMs,
      instancesPlanned: instances,
      memoryMbPerInstance,
      memoryOverheadMbTotal: Math.round(overheadMb),
      cpuOverheadPct: { min: figures.cpuOverheadPct.min, max: figures.cpuOverheadPct.max },
      hostsNeeded: Math.max(1, byDensity, byMemory, byGpu),
    };
  });
}
