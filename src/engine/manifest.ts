import { EngineError } from './errors.js';
import type { PlacementOption, WorkloadInput } from './workload.js';

export interface DerivedWorkload {
  /** The request fields the manifest could tell; the caller adds the rest and posts it. */
  workload: Partial<WorkloadInput>;
  /** For each derived field, the manifest path it came from. */
  provenance: Record<string, string>;
  /** Required or decisive attributes a manifest cannot tell. */
  missing: string[];
  /** Where the manifest runs the workload today, from its runtimeClassName; null when it names an unknown class. */
  currentPlacement: PlacementOption | null;
}

/**
 * The request's own limits, so that a draft is one the evaluation endpoint accepts; the caller
 * passes those its request validation uses (the engine keeps no copy of them).
 */
export interface DeriveLimits {
  maxInstances: number;
  /** In characters (code points). */
  maxNameLength: number;
  /** What a name may hold (printable text). */
  namePattern: RegExp;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Where each kind keeps its pod template. */
const POD_SPEC_PATHS: Record<string, string[]> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

const WORKLOAD_TYPE: Record<string, WorkloadInput['workloadType']> = {
  Pod: 'microservice',
  Deployment: 'microservice',
  ReplicaSet: 'microservice',
  DaemonSet: 'microservice',
  StatefulSet: 'stateful-service',
  Job: 'batch',
  CronJob: 'batch',
};

/** Runtime class names as commonly installed: gVisor's runsc and Kata's handlers are sandboxes. */
function placementOf(runtimeClassName: unknown): PlacementOption | null {
  if (runtimeClassName === undefined || runtimeClassName === null || runtimeClassName === '' || runtimeClassName === 'runc' || runtimeClassName === 'crun') return 'container';
  if (typeof runtimeClassName !== 'string') return null;
  return /gvisor|runsc|kata|firecracker|fc|clh|hyperv|sandbox/i.test(runtimeClassName) ? 'microvm' : null;
}

const DANGEROUS_CAPS = new Set(['SYS_ADMIN', 'CAP_SYS_ADMIN', 'ALL']);

/**
 * Reads a Pod, Deployment, StatefulSet, DaemonSet, Job or CronJob (as parsed JSON or YAML)
 * and drafts the workload request it implies, saying where each field came from and which
 * attributes the manifest cannot tell. A value it finds but cannot use is left out and listed
 * in `missing`, and one it shortens is kept; either way `provenance` says so beside its path.
 * @throws EngineError with code MANIFEST_INVALID when it is not such a manifest
 */
export function deriveWorkload(manifest: unknown, limits?: DeriveLimits): DerivedWorkload {
  if (!isObj(manifest)) throw new EngineError('MANIFEST_INVALID', 'The manifest must be a single Kubernetes object.', [{ path: '(root)', message: 'must be an object' }]);
  const kind = manifest.kind;
  if (typeof kind !== 'string' || !(kind in POD_SPEC_PATHS)) {
    const kinds = Object.keys(POD_SPEC_PATHS).join(', ');
    const detail = kind === undefined ? `The manifest has no kind; use ${kinds}.` : `Unsupported kind ${JSON.stringify(kind)}; use ${kinds}.`;
    throw new EngineError('MANIFEST_INVALID', detail, [{ path: 'kind', message: `must be one of ${kinds}` }]);
  }
  const specPath = POD_SPEC_PATHS[kind];
  let spec: unknown = manifest;
  for (const key of specPath) spec = isObj(spec) ? spec[key] : undefined;
  const at = specPath.join('.');
  if (!isObj(spec) || !Array.isArray(spec.containers) || spec.containers.length === 0) {
    throw new EngineError('MANIFEST_INVALID', `A ${kind} needs a pod spec with containers at ${at}.`, [{ path: `${at}.containers`, message: 'must list at least one container' }]);
  }

  const workload: Partial<WorkloadInput> = { orchestration: 'kubernetes', workloadType: WORKLOAD_TYPE[kind]! };
  const provenance: Record<string, string> = { orchestration: 'kind', workloadType: 'kind' };
  const metadata = isObj(manifest.metadata) ? manifest.metadata : {};
  if (typeof metadata.name === 'string' && metadata.name.length > 0) {
    const maxName = limits?.maxNameLength ?? 200;
    if (limits && !limits.namePattern.test(metadata.name)) {
      provenance.name = 'metadata.name (left out: it holds control characters or lone surrogates, which a workload name may not)';
    } else {
      // By code points, as the request's limit counts them: never half a surrogate pair.
      const characters = [...metadata.name];
      workload.name = characters.length > maxName ? characters.slice(0, maxName).join('') : metadata.name;
      provenance.name = characters.length > maxName ? `metadata.name (shortened from ${characters.length} to ${maxName} characters)` : 'metadata.name';
    }
  }

  const privileges = new Map<string, string>();
  const grant = (privilege: string, path: string) => privileges.has(privilege) || privileges.set(privilege, path);
  for (const flag of ['hostNetwork', 'hostPID', 'hostIPC'] as const) {
    if (spec[flag] === true) grant(flag === 'hostNetwork' ? 'host-network' : 'privileged', `${at}.${flag}`);
  }
  if (isObj(spec.securityContext) && spec.securityContext.runAsUser === 0) grant('root', `${at}.securityContext.runAsUser`);
  const volumes = arr(spec.volumes);
  volumes.forEach((v, i) => {
    if (!isObj(v) || !isObj(v.hostPath)) return;
    // A path that is not a string names no host path we can classify; treat it as a plain host mount.
    const path = typeof v.hostPath.path === 'string' ? v.hostPath.path : '';
    const where = `${at}.volumes[${i}].hostPath`;
    if (/docker\.sock|containerd\.sock|crio\.sock/.test(path)) grant('docker-socket', where);
    else if (path.startsWith('/dev')) grant('host-devices', where);
    else grant('host-mounts', where);
  });

  let gpuPath: string | undefined;
  let gpuKind: 'dedicated' | 'shared' | undefined;
  const containers = [...arr(spec.initContainers).map((c, i) => ({ c, path: `${at}.initContainers[${i}]` })), ...arr(spec.containers).map((c, i) => ({ c, path: `${at}.containers[${i}]` }))];
  for (const { c, path } of containers) {
    if (!isObj(c)) continue;
    const sc = isObj(c.securityContext) ? c.securityContext : {};
    if (sc.privileged === true) grant('privileged', `${path}.securityContext.privileged`);
    if (sc.runAsUser === 0) grant('root', `${path}.securityContext.runAsUser`);
    const added = isObj(sc.capabilities) ? arr(sc.capabilities.add) : [];
    if (added.some((cap) => DANGEROUS_CAPS.has(String(cap)))) grant('sys-admin', `${path}.securityContext.capabilities.add`);
    const limits = isObj(c.resources) && isObj(c.resources.limits) ? c.resources.limits : {};
    for (const resource of Object.keys(limits)) {
      // A MIG slice (nvidia.com/mig-1g.5gb) is a shared GPU; a whole device (nvidia.com/gpu) is dedicated unless the plugin renamed it for time-slicing.
      const mig = /^(nvidia\.com|amd\.com)\/mig-/.test(resource);
      if (!mig && !/^(nvidia\.com|amd\.com)\/gpu(\.shared)?$/.test(resource)) continue;
      if (gpuKind && !mig) continue;
      gpuKind = mig || resource.endsWith('.shared') ? 'shared' : 'dedicated';
      gpuPath = `${path}.resources.limits["${resource}"]`;
    }
  }
  if (privileges.size > 0) {
    workload.privileges = [...privileges.keys()].sort() as WorkloadInput['privileges'];
    provenance.privileges = [...privileges.values()].join(', ');
  }
  if (gpuKind) {
    workload.gpu = gpuKind;
    provenance.gpu = gpuPath!;
    if (gpuPath!.includes('/mig-')) {
      workload.gpuSharing = 'mig';
      provenance.gpuSharing = gpuPath!;
    }
  }

  const nodeSelector = isObj(spec.nodeSelector) ? spec.nodeSelector : {};
  const os = nodeSelector['kubernetes.io/os'];
  if (os === 'windows' || os === 'linux') {
    workload.os = os;
    provenance.os = `${at}.nodeSelector["kubernetes.io/os"]`;
  }

  const replicas = isObj(manifest.spec) ? (kind === 'Job' ? manifest.spec.parallelism : manifest.spec.replicas) : undefined;
  const replicasPath = kind === 'Job' ? 'spec.parallelism' : 'spec.replicas';
  const maxInstances = limits?.maxInstances ?? Number.MAX_SAFE_INTEGER;
  let instancesDropped = false;
  if (typeof replicas === 'number' && Number.isInteger(replicas) && replicas >= 1) {
    workload.scale = { instances: Math.min(replicas, maxInstances) };
    provenance['scale.instances'] = replicas > maxInstances ? `${replicasPath} (${replicas} is above the maximum; clamped to ${maxInstances})` : replicasPath;
  } else if (replicas !== undefined && replicas !== null) {
    instancesDropped = true;
    provenance['scale.instances'] = `${replicasPath} (left out: ${String(JSON.stringify(replicas)).slice(0, 40)} is not a whole number of at least 1)`;
  }

  const runtimeClassName = spec.runtimeClassName;
  const currentPlacement = placementOf(runtimeClassName);
  if (currentPlacement) {
    workload.currentPlacement = currentPlacement;
    provenance.currentPlacement = runtimeClassName === undefined ? `${at}.runtimeClassName (absent: the default runc)` : `${at}.runtimeClassName`;
  }

  const missing = ['codeTrust', 'tenancy', 'compliance', 'requiresHardwareIsolation', 'dedicatedHosts', 'startupBudgetMs', ...(workload.name ? [] : ['name']), ...(instancesDropped ? ['scale.instances'] : [])];
  return { workload, provenance, missing, currentPlacement };
}
