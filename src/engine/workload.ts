import { z } from 'zod';
import { EngineError, formatPath } from './errors.js';

export const PLACEMENT_OPTIONS = ['container', 'microvm', 'vm', 'hybrid'] as const;
export type PlacementOption = (typeof PLACEMENT_OPTIONS)[number];

export const CODE_TRUST = ['first-party', 'vetted-third-party', 'untrusted'] as const;
export const TENANCY = ['single-tenant', 'multi-tenant'] as const;
export const COMPLIANCE_REGIMES = ['pci-dss', 'hipaa', 'fedramp', 'soc2', 'iso27001', 'gdpr'] as const;
export const OPERATING_SYSTEMS = ['linux', 'windows', 'other'] as const;
export const KERNEL_REQUIREMENTS = ['custom-kernel', 'kernel-modules', 'specific-version', 'kernel-tuning', 'realtime'] as const;
export const WORKLOAD_TYPES = ['microservice', 'monolith', 'function', 'batch', 'stateful-service'] as const;
export const PRIVILEGES = ['root', 'privileged', 'host-network', 'host-mounts', 'host-devices', 'docker-socket', 'sys-admin'] as const;
export const GPU_NEEDS = ['none', 'shared', 'dedicated'] as const;
/** How a shared GPU is split: time-slicing (and MPS) within one OS, MIG partitions in hardware, or vGPU through a hypervisor. */
export const GPU_SHARING = ['time-slicing', 'mig', 'vgpu'] as const;
export const ORCHESTRATORS = ['kubernetes', 'nomad', 'ecs', 'none'] as const;
export const COST_SENSITIVITY = ['low', 'medium', 'high'] as const;

export interface WorkloadScale {
  instances: number;
  burstInstances?: number;
  scaleOutSeconds?: number;
  /** How many tenants the instances belong to; kept only for a multi-tenant workload. */
  tenants?: number;
}

/** A workload with every default filled in and every array sorted and de-duplicated. */
export interface Workload {
  name: string;
  codeTrust: (typeof CODE_TRUST)[number];
  tenancy: (typeof TENANCY)[number];
  compliance: (typeof COMPLIANCE_REGIMES)[number][];
  requiresHardwareIsolation: boolean;
  os: (typeof OPERATING_SYSTEMS)[number];
  kernelRequirements: (typeof KERNEL_REQUIREMENTS)[number][];
  workloadType: (typeof WORKLOAD_TYPES)[number];
  legacy: boolean;
  privileges: (typeof PRIVILEGES)[number][];
  gpu: (typeof GPU_NEEDS)[number];
  /** Present only when `gpu` is `shared`. */
  gpuSharing?: (typeof GPU_SHARING)[number];
  nestedVirtualization: boolean;
  /** The workload's hosts (or node pool) run nothing else, so their kernel is the workload's to choose. */
  dedicatedHosts: boolean;
  /** The fleet runs Windows Server container hosts (machines or VMs, a Windows node pool among them). */
  windowsHosts: boolean;
  /** The host operator is not trusted: memory must be encrypted and the guest attested (SEV-SNP, TDX). */
  confidentialComputing: boolean;
  /** The workload exists to act on the host it runs on (drivers, CNI or CSI plugins, node agents), so it must see the host's kernel. */
  hostAgent: boolean;
  /** Where the workload runs today, when the caller wants that judged against the answer. */
  currentPlacement?: PlacementOption;
  scale: WorkloadScale;
  startupBudgetMs?: number;
  /** Absent means "use the matrix's default", so a replay under another matrix uses that matrix's figure. */
  memoryMbPerInstance?: number;
  orchestration: (typeof ORCHESTRATORS)[number];
  costSensitivity: (typeof COST_SENSITIVITY)[number];
}

const enumSet = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .array(z.enum(values))
    .default([])
    .transform((list) => [...new Set(list)].sort());

const scaleSchema = z
  .object({
    instances: z.number().int().min(1),
    burstInstances: z.number().int().min(1).optional(),
    scaleOutSeconds: z.number().positive().optional(),
    tenants: z.number().int().min(1).optional(),
  })
  .strict()
  .refine((s) => s.burstInstances === undefined || s.burstInstances >= s.instances, {
    message: 'must be at least scale.instances',
    path: ['burstInstances'],
  });

/**
 * The workload contract as a schema. The HTTP layer validates with its own DTOs (for
 * field-by-field messages and Swagger); this schema serves matrix examples and the CLI.
 */
export const workloadSchema = z
  .object({
    name: z.string().min(1).max(200),
    codeTrust: z.enum(CODE_TRUST),
    tenancy: z.enum(TENANCY),
    compliance: enumSet(COMPLIANCE_REGIMES),
    requiresHardwareIsolation: z.boolean().default(false),
    os: z.enum(OPERATING_SYSTEMS).default('linux'),
    kernelRequirements: enumSet(KERNEL_REQUIREMENTS),
    workloadType: z.enum(WORKLOAD_TYPES).default('microservice'),
    legacy: z.boolean().default(false),
    privileges: enumSet(PRIVILEGES),
    gpu: z.enum(GPU_NEEDS).default('none'),
    gpuSharing: z.enum(GPU_SHARING).optional(),
    nestedVirtualization: z.boolean().default(false),
    dedicatedHosts: z.boolean().default(false),
    windowsHosts: z.boolean().default(false),
    confidentialComputing: z.boolean().default(false),
    hostAgent: z.boolean().default(false),
    currentPlacement: z.enum(PLACEMENT_OPTIONS).optional(),
    scale: scaleSchema.default({ instances: 1 }),
    startupBudgetMs: z.number().int().positive().optional(),
    memoryMbPerInstance: z.number().int().positive().optional(),
    orchestration: z.enum(ORCHESTRATORS).default('none'),
    costSensitivity: z.enum(COST_SENSITIVITY).default('medium'),
  })
  .strict();

export type WorkloadInput = z.input<typeof workloadSchema>;

/**
 * Validates a workload and fills in its defaults. Arrays come back sorted and without
 * duplicates so that input order never changes a result or a stored record.
 * @throws EngineError with code WORKLOAD_INVALID naming each offending field
 */
export function normalizeWorkload(input: unknown): Workload {
  return normalizeWellFormed(input) ?? normalizeBySchema(input);
}

/** normalizeWorkload through the schema alone (its errors name each field); exported for the property test that holds the fast path to it. */
export function normalizeBySchema(input: unknown): Workload {
  const parsed = workloadSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message }));
    throw new EngineError('WORKLOAD_INVALID', `Workload is invalid: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`, problems);
  }
  return settleDependentFields(stripUndefined(parsed.data));
}

/**
 * Settles the fields that only mean something beside another: the sharing mode of a shared GPU
 * (time-slicing unless said), and the tenant count of a multi-tenant workload. Dropping them
 * elsewhere keeps equal workloads equal. Mutates and returns the workload; its `scale` must be
 * the caller's own object.
 */
export function settleDependentFields(workload: Workload): Workload {
  if (workload.gpu === 'shared') workload.gpuSharing ??= 'time-slicing';
  else delete workload.gpuSharing;
  if (workload.tenancy !== 'multi-tenant') delete workload.scale.tenants;
  return workload;
}

/** A field the fast path could not vouch for: the schema decides, and words the error. */
const UNSURE = Symbol('unsure');
type Check = (value: unknown) => unknown;

const oneOf = (values: readonly string[], fallback?: string): Check => {
  const allowed = new Set(values);
  return (v) => (v === undefined ? (fallback ?? UNSURE) : typeof v === 'string' && allowed.has(v) ? v : UNSURE);
};
const optionalOneOf = (values: readonly string[]): Check => {
  const allowed = new Set(values);
  return (v) => (v === undefined || (typeof v === 'string' && allowed.has(v)) ? v : UNSURE);
};
const flag: Check = (v) => (v === undefined ? false : typeof v === 'boolean' ? v : UNSURE);
const setOf = (values: readonly string[]): Check => {
  const allowed = new Set(values);
  return (v) => {
    if (v === undefined) return [];
    if (!Array.isArray(v)) return UNSURE;
    for (let i = 0; i < v.length; i++) if (!allowed.has(v[i] as string)) return UNSURE;
    return [...new Set(v as string[])].sort();
  };
};
const positiveInteger: Check = (v) => (v === undefined || (Number.isSafeInteger(v) && (v as number) > 0) ? v : UNSURE);
const SCALE_KEYS = new Set(['instances', 'burstInstances', 'scaleOutSeconds', 'tenants']);
const scale: Check = (v) => {
  if (v === undefined) return { instances: 1 };
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return UNSURE;
  for (const key in v) if (!SCALE_KEYS.has(key)) return UNSURE;
  const { instances, burstInstances, scaleOutSeconds, tenants } = v as Record<string, unknown>;
  if (positiveInteger(instances) === UNSURE || instances === undefined || positiveInteger(burstInstances) === UNSURE || positiveInteger(tenants) === UNSURE) return UNSURE;
  if (scaleOutSeconds !== undefined && !(typeof scaleOutSeconds === 'number' && Number.isFinite(scaleOutSeconds) && scaleOutSeconds > 0)) return UNSURE;
  if (burstInstances !== undefined && (burstInstances as number) < (instances as number)) return UNSURE;
  const out: WorkloadScale = { instances: instances as number };
  if (burstInstances !== undefined) out.burstInstances = burstInstances as number;
  if (scaleOutSeconds !== undefined) out.scaleOutSeconds = scaleOutSeconds;
  if (tenants !== undefined) out.tenants = tenants as number;
  return out;
};

/** What the schema asks of each field, for a workload that is plainly valid. */
const WELL_FORMED: Record<keyof Workload, Check> = {
  name: (v) => (typeof v === 'string' && v.length >= 1 && v.length <= 200 ? v : UNSURE),
  codeTrust: oneOf(CODE_TRUST),
  tenancy: oneOf(TENANCY),
  compliance: setOf(COMPLIANCE_REGIMES),
  requiresHardwareIsolation: flag,
  os: oneOf(OPERATING_SYSTEMS, 'linux'),
  kernelRequirements: setOf(KERNEL_REQUIREMENTS),
  workloadType: oneOf(WORKLOAD_TYPES, 'microservice'),
  legacy: flag,
  privileges: setOf(PRIVILEGES),
  gpu: oneOf(GPU_NEEDS, 'none'),
  gpuSharing: optionalOneOf(GPU_SHARING),
  nestedVirtualization: flag,
  dedicatedHosts: flag,
  windowsHosts: flag,
  confidentialComputing: flag,
  hostAgent: flag,
  currentPlacement: optionalOneOf(PLACEMENT_OPTIONS),
  scale,
  startupBudgetMs: positiveInteger,
  memoryMbPerInstance: positiveInteger,
  orchestration: oneOf(ORCHESTRATORS, 'none'),
  costSensitivity: oneOf(COST_SENSITIVITY, 'medium'),
};
/** The schema's order, which is the order of the normalised workload's keys (and so of its JSON). */
const FIELD_ORDER = Object.keys(workloadSchema.shape) as (keyof Workload)[];

/**
 * normalizeWorkload's fast path: the schema's result for a workload that is plainly valid,
 * built directly (zod's parse was 5% of the CPU of an evaluation over HTTP), or undefined
 * for anything it is not sure of, which the schema then judges and explains. A property
 * test holds it to the schema: whatever it returns, the schema returns too, key for key.
 */
export function normalizeWellFormed(input: unknown): Workload | undefined {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return undefined;
  for (const key in input) if (!Object.hasOwn(WELL_FORMED, key)) return undefined;
  const out: Record<string, unknown> = {};
  for (const key of FIELD_ORDER) {
    const value = WELL_FORMED[key]((input as Record<string, unknown>)[key]);
    if (value === UNSURE) return undefined;
    if (value !== undefined) out[key] = value;
  }
  return settleDependentFields(out as unknown as Workload);
}

/** The instances to plan for: the burst peak when given, else the steady count. */
export const peakInstances = (w: Workload): number => w.scale.burstInstances ?? w.scale.instances;

function stripUndefined<T extends object>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined) continue;
    out[key] = v !== null && typeof v === 'object' && !Array.isArray(v) ? stripUndefined(v) : v;
  }
  return out as T;
}
