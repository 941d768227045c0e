import type { HardeningItem, KubernetesAdvice } from './evaluation.js';
import type { CompiledRuntime, LoadedMatrix } from './matrix.js';
import type { PlacementOption, Workload } from './workload.js';

type Fields = Record<string, unknown>;

/** Merges pod spec fragments; arrays (capabilities.drop) are united, not replaced. */
function merge(target: Fields, source: Fields): Fields {
  for (const [key, value] of Object.entries(source)) {
    const existing = target[key];
    if (Array.isArray(value)) target[key] = [...new Set<unknown>([...(Array.isArray(existing) ? (existing as unknown[]) : []), ...(value as unknown[])])];
    else if (value !== null && typeof value === 'object') target[key] = merge(existing && typeof existing === 'object' ? { ...(existing as Fields) } : {}, value as Fields);
    else target[key] = value;
  }
  return target;
}

/**
 * The RuntimeClass and pod spec fields for the chosen runtime, when the workload runs on
 * Kubernetes; undefined otherwise. All figures come from the matrix, so they are versioned
 * and replayed with it.
 */
export function kubernetesAdvice(matrix: LoadedMatrix, workload: Workload, option: PlacementOption | null, runtime: CompiledRuntime | undefined, checklist: HardeningItem[]): KubernetesAdvice | undefined {
  if (workload.orchestration !== 'kubernetes' || !option || !runtime) return undefined;
  const pod: Fields = {};
  const container: Fields = {};
  const spec: Fields = {};
  const containerSpec: Fields = {};
  let containerName: string | undefined;
  const applied = new Set(checklist.map((h) => h.id));
  for (const h of matrix.hardening[option]) {
    if (!applied.has(h.id) || !h.kubernetes) continue;
    if (h.kubernetes.pod) merge(pod, h.kubernetes.pod);
    if (h.kubernetes.container) merge(container, h.kubernetes.container);
    if (h.kubernetes.podSpec) merge(spec, h.kubernetes.podSpec);
    if (h.kubernetes.containerSpec) merge(containerSpec, h.kubernetes.containerSpec);
    containerName ??= h.kubernetes.containerName;
    if (h.kubernetes.memoryFromWorkload && workload.memoryMbPerInstance !== undefined) {
      // Request as much as the limit, so the scheduler places (and a Kata guest is sized for) what the workload said it needs.
      const memory = `${workload.memoryMbPerInstance}Mi`;
      merge(containerSpec, { resources: { requests: { memory }, limits: { memory } } });
    }
  }
  const k = runtime.kubernetes;
  if (!k) {
    return {
      runtimeClass: null,
      podSpec: {},
      note: runtime.notAPodOnKubernetes ?? `${runtime.label} is not a pod runtime: run the workload as a VM (for example a KubeVirt VirtualMachine) rather than setting a RuntimeClass.`,
    };
  }
  // A GPU pod under a runtime with a GPU handler boots another guest, so it gets a RuntimeClass of its own.
  // A host agent for GPU hosts takes no GPU, where the matrix says so: the GPU handler may not even exist before it runs (a driver installer).
  const takesGpu = workload.gpu !== 'none' && !(workload.hostAgent && matrix.document.estimates.hostAgentsTakeNoGpu);
  const handler = takesGpu && k.gpuHandler ? k.gpuHandler : k.handler;
  // A runtime with a class name of its own (a tenant pool's) keeps it as the stem, so its GPU class never clashes with another's.
  const name = handler !== k.handler ? (k.runtimeClassName ? `${k.runtimeClassName}-${handler}` : `placement-${handler}`) : (k.runtimeClassName ?? `placement-${k.handler}`);
  const scheduling = k.nodeSelector || k.tolerations ? { scheduling: { ...(k.nodeSelector ? { nodeSelector: k.nodeSelector } : {}), ...(k.tolerations ? { tolerations: k.tolerations } : {}) } } : {};
  return {
    runtimeClass: {
      apiVersion: 'node.k8s.io/v1',
      kind: 'RuntimeClass',
      metadata: { name, labels: { 'app.kubernetes.io/managed-by': 'placement-decision-service' }, annotations: { 'placement.dev/matrix-version': matrix.version, 'placement.dev/runtime': runtime.id ?? '' } },
      handler,
      ...(k.overhead ? { overhead: { podFixed: { memory: k.overhead.memory, cpu: k.overhead.cpu } } } : {}),
      ...scheduling,
    },
    podSpec: {
      runtimeClassName: name,
      ...(k.os ? { os: { name: k.os } } : {}),
      ...spec,
      ...(Object.keys(pod).length > 0 ? { securityContext: pod } : {}),
      ...(Object.keys(container).length > 0 || Object.keys(containerSpec).length > 0
        ? { containers: [{ name: containerName ?? '<each container>', ...containerSpec, ...(Object.keys(container).length > 0 ? { securityContext: container } : {}) }] }
        : {}),
    },
    note: `Apply the RuntimeClass once per cluster (the nodes it selects must have the ${handler} handler configured in containerd or CRI-O), then set runtimeClassName in the pod template.`,
  };
}
