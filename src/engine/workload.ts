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
  /** The fleet has Windows Server hosts that can run Windows containers. */
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
  const parsed = workloadSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message }));
    throw new EngineError('WORKLOAD_INVALID', `Workload is invalid: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`, problems);
  }
  const workload: Workload = stripUndefined(parsed.data);
  // The sharing mode only means something for a shared GPU; dropping it elsewhere keeps equal workloads equal.
  if (workload.gpu === 'shared') workload.gpuSharing ??= 'time-slicing';
  else delete workload.gpuSharing;
  return workload;
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
