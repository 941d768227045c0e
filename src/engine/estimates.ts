import type { OptionEstimate } from './evaluation.js';
import type { LoadedMatrix } from './matrix.js';
import { PLACEMENT_OPTIONS, type Workload } from './workload.js';

/**
 * Sizes every option for the workload's peak (burst if given, else steady instances) on
 * the matrix's reference host. Hosts are bounded both by the density figure and by memory.
 */
export function estimateOptions(matrix: LoadedMatrix, workload: Workload): OptionEstimate[] {
  const { referenceHost, profiles, defaultMemoryMbPerInstance } = matrix.document.estimates;
  const instances = workload.scale.burstInstances ?? workload.scale.instances;
  const memoryMbPerInstance = workload.memoryMbPerInstance ?? defaultMemoryMbPerInstance;
  const usableMb = referenceHost.memoryMb * referenceHost.usableMemoryFraction;
  return PLACEMENT_OPTIONS.map((option) => {
    const profile = profiles[option];
    const byDensity = Math.ceil(instances / profile.instancesPerHost);
    const byMemory = Math.ceil((instances * (memoryMbPerInstance + profile.memoryOverheadMb)) / usableMb);
    return {
      option,
      startupMs: { min: profile.startupMs.min, max: profile.startupMs.max },
      meetsStartupBudget: workload.startupBudgetMs === undefined ? null : profile.startupMs.max <= workload.startupBudgetMs,
      instancesPlanned: instances,
      memoryMbPerInstance,
      memoryOverheadMbTotal: Math.round(instances * profile.memoryOverheadMb),
      cpuOverheadPct: { min: profile.cpuOverheadPct.min, max: profile.cpuOverheadPct.max },
      hostsNeeded: Math.max(1, byDensity, byMemory),
    };
  });
}
