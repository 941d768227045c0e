import { createHash } from 'node:crypto';
import { stringify } from 'safe-stable-stringify';
import { z } from 'zod';
import { CONDITION_FIELDS, boundedConditionSchema, compileCondition, conditionFields, fieldReader, type ConditionField, type Predicate } from './conditions.js';
import { EngineError, formatPath, type ValidationProblem } from './errors.js';
import { tenantVmFullness } from './tenant-vms.js';
import { OPERATING_SYSTEMS, ORCHESTRATORS, PLACEMENT_OPTIONS, workloadSchema, type PlacementOption, type Workload } from './workload.js';

// Ids key plain objects in the engine; 'constructor' or 'prototype' would read Object.prototype instead.
const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lower-case letters, digits and dashes')
  .max(80)
  .refine((value) => value !== 'constructor' && value !== 'prototype', 'is a reserved word');
const text = z.string().min(1).max(2000);
const rating = z.number().min(0).max(10);
const importance = z.number().min(0).max(10);
const perOption = <T extends z.ZodType>(value: T) => z.object({ container: value, microvm: value, vm: value, hybrid: value }).strict();
const range = z
  .object({ min: z.number().nonnegative(), max: z.number().nonnegative() })
  .strict()
  .refine((r) => r.max >= r.min, { message: 'max must be at least min', path: ['max'] });

const estimateFigures = {
  startupMs: range,
  memoryOverheadMb: z.number().nonnegative(),
  cpuOverheadPct: range,
  instancesPerHost: z.number().int().positive(),
};

/** Start-up by the guest OS the workload runs, where a runtime boots a whole guest of it and that OS boots slower than the runtime's own figure (a Windows guest takes minutes). */
const startupMsByOs = z.partialRecord(z.enum(OPERATING_SYSTEMS), range);

/** Valid memory sizes as bands: each band's sizes are the multiples of `stepMb` above the previous band's `upToMb`, up to its own (AWS Fargate's task sizes). */
const memorySizeBands = z
  .array(z.object({ upToMb: z.number().int().positive(), stepMb: z.number().int().positive() }).strict())
  .min(1)
  .refine((bands) => bands.every((band, i) => i === 0 || band.upToMb > bands[i - 1].upToMb), 'upToMb must increase');

const NUMBER_FIELDS = (Object.keys(CONDITION_FIELDS) as ConditionField[]).filter((f) => CONDITION_FIELDS[f].kind === 'number') as [ConditionField, ...ConditionField[]];

/** A Kubernetes object name or handler: a DNS label. */
const dnsLabel = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be a DNS label')
  .max(63);

/** A runtime that implements one of the four answers, with its own figures and the facts that rule it out. */
const runtimeSchema = z
  .object({
    id,
    label: z.string().min(1).max(80),
    /** Its name for a workload deployed through this orchestrator, where the thing it is called differs (ECS has clusters, not node pools); `label` for the rest. */
    labelByOrchestration: z.partialRecord(z.enum(ORCHESTRATORS), z.string().min(1).max(80)).optional(),
    /** For a runtime that is not a pod runtime: how a workload on Kubernetes runs on it instead (a note beside an empty pod spec). */
    notAPodOnKubernetes: z.string().min(1).max(400).optional(),
    option: z.enum(PLACEMENT_OPTIONS),
    description: text,
    isolation: z.enum(['shared-kernel', 'user-space-kernel', 'hardware']),
    ...estimateFigures,
    /** Start-up where the workload's OS is one of these, whatever the orchestrator: the runtime boots a whole guest of that OS. Without it, `startupMs` (or the Kubernetes handler's) for every OS, as 2026.1 to 2026.19 gave it. */
    startupMsByOs: startupMsByOs.optional(),
    /** Each instance's memory is rounded up to the smallest valid size at or above it (a Fargate task's memory is one of its sizes), and the difference is its memory overhead, on top of `memoryOverheadMb`; above the largest size, none. Without it, `memoryOverheadMb` alone, as 2026.1 to 2026.19 counted it. */
    taskMemorySizes: memorySizeBands.optional(),
    /** One VM per tenant shared by that tenant's instances (hybrid): its overhead and boot are paid per VM. */
    tenantVm: z
      .object({
        memoryOverheadMb: z.number().nonnegative(),
        instancesPerVm: z.number().int().positive(),
        startupMs: range,
        /** A tenant VM's boot where the workload's OS is one of these (a Windows guest boots in minutes). Without it, `startupMs` for every OS, as 2026.1 to 2026.19 gave it. */
        startupMsByOs: startupMsByOs.optional(),
        /** VMs a reference host carries, as for the VM option: a tenant's VM is a VM however few containers it holds. Without it, tenant VMs are bounded by memory alone, as 2026.1 to 2026.13 sized them. */
        vmsPerHost: z.number().int().positive().optional(),
        /** Ratings that depend on how many instances share a tenant VM, where tenants that cannot share a VM, or copies that cannot share its ports, decide it: `whenAlone`, by criterion id, rates a VM holding a single instance, which pays a whole VM's overhead for it as the VM option does; from `ownFrom` instances to a VM the runtime's own ratings hold; in between, a rating moves with the log of the average fill the estimate plans, as the overhead each instance carries does. Without it, the runtime's own ratings however full its VMs, as 2026.1 to 2026.15 scored them. */
        ratedByFill: z
          .object({ whenAlone: z.record(z.string(), rating), ownFrom: z.number().int().min(2) })
          .strict()
          .optional(),
      })
      .strict()
      .optional(),
    /** A provider runs the hosts (each instance on a machine of its own that the team never sees, as AWS Fargate does): the estimates count no hosts for the team. */
    hostsRunByProvider: z.literal(true).optional(),
    /** Ratings that differ from the option's, by criterion id. */
    ratings: z.record(z.string(), rating).optional(),
    notFitWhen: z
      .array(
        z
          .object({
            id,
            when: boundedConditionSchema,
            reason: text,
            /** The runtime is an entry for other workloads where this holds (the confidential stack for confidential ones), not a candidate that falls short; a condition on the OS alone is read so without it. */
            forOtherWorkloads: z.literal(true).optional(),
          })
          .strict(),
      )
      .optional(),
    kubernetes: z
      .object({
        handler: dnsLabel,
        /** The handler for a pod that takes a GPU, where the runtime needs another for it (Kata's NVIDIA handlers boot a guest that carries the GPU driver); its RuntimeClass is `placement-<gpuHandler>`, or `<runtimeClassName>-<gpuHandler>` where the runtime names its class. Without it, the one handler serves every pod. */
        gpuHandler: dnsLabel.optional(),
        /** The RuntimeClass's name, where two runtimes share a handler but schedule differently; `placement-<handler>` otherwise. */
        runtimeClassName: dnsLabel.optional(),
        /** Fixed cost per pod the scheduler should count (RuntimeClass overhead.podFixed). */
        overhead: z
          .object({ memory: z.string().regex(/^\d+(Mi|Gi)$/), cpu: z.string().regex(/^\d+m?$/) })
          .strict()
          .optional(),
        /** Where nodes with this handler are: a RuntimeClass's scheduling section. */
        nodeSelector: z.record(z.string().max(253), z.string().max(63)).optional(),
        tolerations: z.array(z.object({ key: z.string().max(253), operator: z.enum(['Equal', 'Exists']), value: z.string().max(63).optional(), effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']) }).strict()).optional(),
        /** The pod's spec.os.name, so that the API server refuses securityContext fields the OS does not have. */
        os: z.enum(['linux', 'windows']).optional(),
        /** How long a pod on this handler takes to start, where it differs from the runtime's own figure (a Kata handler boots the VMM, a guest kernel and Kata's agent); used for workloads on Kubernetes. */
        startupMs: range.optional(),
        /** Ratings for workloads on Kubernetes, by criterion id, where the handler makes the runtime another thing than it is on its own (Firecracker as Kata's kata-fc handler is a Kata pod); the rest are the runtime's own. */
        ratings: z.record(z.string(), rating).optional(),
      })
      .strict()
      .optional(),
    source: text,
  })
  .strict();

/** Fields a team can change and the what-if search may try; the rest are facts (a regime, an OS). */
const CHANGEABLE_FIELDS = ['codeTrust', 'tenancy', 'privileges', 'kernelRequirements', 'startupBudgetMs', 'dedicatedHosts', 'windowsHosts', 'orchestration', 'costSensitivity', 'legacy', 'gpuSharing'] as const;
export type ChangeableField = (typeof CHANGEABLE_FIELDS)[number];
const threshold = z.object({ margin: z.number().nonnegative(), stability: z.number().min(0).max(1) }).strict();

export const MATRIX_VERSION_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

export const matrixSchema = z
  .object({
    version: z.string().regex(MATRIX_VERSION_PATTERN, 'must be 1-64 letters, digits, dots, dashes or underscores'),
    title: text,
    description: text.optional(),
    options: perOption(z.object({ label: z.string().min(1).max(60), description: text }).strict()),
    criteria: z
      .array(
        z
          .object({
            id,
            name: z.string().min(1).max(120),
            description: text,
            baseImportance: importance,
            ratings: perOption(rating),
            /** `isolation`: how well an option contains the workload; `fit`: what it costs and how well it runs it. Judges a current placement. */
            concern: z.enum(['isolation', 'fit']).optional(),
            source: text,
          })
          .strict(),
      )
      .min(1),
    importanceRules: z.array(z.object({ id, when: boundedConditionSchema, importance: z.record(z.string(), importance), reason: text }).strict()),
    /** Importance that grows or shrinks smoothly with a number (start-up budget, fleet size) instead of stepping at a threshold. */
    importanceCurves: z
      .array(
        z
          .object({
            id,
            criterion: id,
            field: z.enum(NUMBER_FIELDS),
            scale: z.enum(['linear', 'log']),
            points: z
              .array(z.tuple([z.number().positive(), importance]))
              .min(2)
              .max(20),
            reason: text,
          })
          .strict(),
      )
      .optional(),
    runtimes: z.array(runtimeSchema).optional(),
    /**
     * A long-running multi-tenant workload of code the operator trusts (first-party or vetted), under no hardware-isolation
     * mandate, whose stated tenants outnumber its steady instances serves several tenants from each instance, so no wall around an instance keeps them
     * apart: it is weighed as one tenant's workload of the same facts, and the answer says that its tenants are kept
     * apart in the application. Without it, such tenants are weighed as if each could be walled off, as 2026.1 to
     * 2026.16 weighed them.
     */
    weighPooledTenantsAsOne: z.boolean().optional(),
    /** How equal scores are settled; without it the stronger wall wins (vm, hybrid, microvm, container). */
    tieBreak: z
      .object({ order: z.array(z.enum(PLACEMENT_OPTIONS)).length(PLACEMENT_OPTIONS.length), reason: text })
      .strict()
      .optional(),
    /** What-if search and confidence: which attributes a team can change, and the confidence levels' thresholds. */
    insight: z
      .object({
        changeable: z.array(z.enum(CHANGEABLE_FIELDS)).min(1),
        confidence: z.object({ high: threshold, medium: threshold }).strict(),
        /** A current placement this many points or less behind the recommendation is acceptable. */
        currentPlacementTolerance: z.number().nonnegative(),
        /** A current placement is a risk only where its wall is of a weaker kind (shared kernel, then user-space kernel, then hardware) than the answer's; behind a wall as strong, trailing on isolation ratings is a gap to close, not an exposure. Without it, any lead of half a point on isolation makes it a risk, as 2026.5 to 2026.10 judged. */
        riskNeedsWeakerWall: z.boolean().optional(),
        /** Rule-out counterfactuals give one change per field, the one nearest the stated value. Without it, the first three changes found, as 2026.2 to 2026.11 gave them (three start-up budgets could rule the answer out). */
        ruleOutsOnePerField: z.boolean().optional(),
        /** A switch counterfactual is a change under which the answer still fits and another option beats it; a change that rules the answer out is said as a rule-out only. Without it, a switch may be a change that only takes the answer away (a tighter start-up budget leaving one option), as 2026.2 to 2026.11 gave them. */
        switchesOnMerit: z.boolean().optional(),
        /** A switch counterfactual is chosen among the changes that win outright (ties only where none does), and of the numbers tried for one field (a start-up budget) only the nearest the stated value counts, as for rule-outs: a budget of 25 ms that already wins is the change to name, not the 6 s that wins by a tenth of a point more. Without it, the largest winning margin over every change, as 2026.2 to 2026.14 chose. */
        switchesMildestPerField: z.boolean().optional(),
        /** A switch's changes are joined as clauses ("if it served a single tenant, and it no longer needed a full OS"), not as a list of names ("... as well as ..."), as 2026.2 to 2026.19 joined them. */
        changesJoinedAsClauses: z.boolean().optional(),
        /** The switch a summary names is one a team can make (drop a need, trust the code more, dedicate hosts, relax the budget), else another way to run it (orchestrator, cost stance, GPU sharing), before one that only makes the facts worse (code trusted less, tenants added, legacy added), which says how sensitive the answer is rather than how to change it. Without it, cheaper options first, then fewer changes, as 2026.2 to 2026.19 chose. */
        switchesThatActFirst: z.boolean().optional(),
      })
      .strict()
      .optional(),
    constraints: z.array(z.object({ id, when: boundedConditionSchema, excludes: z.array(z.enum(PLACEMENT_OPTIONS)).min(1), reason: text }).strict()),
    estimates: z
      .object({
        referenceHost: z
          .object({
            description: text,
            memoryMb: z.number().int().positive(),
            usableMemoryFraction: z.number().gt(0).max(1),
            /** Its vCPUs, which bound the pods a node admits where the matrix counts pods' CPU overhead (`podCpuOverheadOnKubernetes`). */
            vcpus: z.number().int().positive().optional(),
          })
          .strict(),
        defaultMemoryMbPerInstance: z.number().int().positive(),
        profiles: perOption(z.object({ ...estimateFigures, source: text }).strict()).optional(),
        /** GPU workloads are sized on a GPU server: by its memory and by how many instances share one GPU. */
        gpuHost: z
          .object({
            description: text,
            memoryMb: z.number().int().positive(),
            usableMemoryFraction: z.number().gt(0).max(1),
            gpus: z.number().int().positive(),
            instancesPerGpu: z.object({ dedicated: z.number().positive(), 'time-slicing': z.number().positive(), mig: z.number().positive(), vgpu: z.number().positive() }).strict(),
          })
          .strict()
          .optional(),
        /** On the GPU server hosts are bounded by its GPUs and its memory only: a runtime's `instancesPerHost` is a figure for the reference host (4-10 VMs on a 32 GB server), not for a server with 32 times the memory. Without it, the reference host's density caps the GPU server too, as versions before 2026.13 sized it. */
        gpuHostSizedByGpusAndMemory: z.boolean().optional(),
        /** A runtime whose fastest start is more than this many times the start-up budget cannot serve the workload. */
        startupExclusionFactor: z.number().gt(1).optional(),
        /** `whole-instances`: a host holds whole instances, and one larger than the host gets a larger host of its own. Without it, memory is pooled across hosts, as 2026.1 to 2026.4 sized it. */
        memoryPacking: z.enum(['pooled', 'whole-instances']).optional(),
        /** A host agent runs one copy on each host it serves (a DaemonSet, a Nomad system job), so it needs a host per instance. Without it, agents are packed as any workload, as 2026.1 to 2026.10 sized them. */
        hostAgentsOnePerHost: z.boolean().optional(),
        /** On Kubernetes a pod pays its RuntimeClass's overhead.podFixed (a sandbox's guest kernel and agent), which is what the scheduler counts; without it, a runtime's own figure is used everywhere, as 2026.1 to 2026.10 sized it. */
        podOverheadOnKubernetes: z.boolean().optional(),
        /** A workload that states its tenants is sized tenant by tenant: an option that walls tenants apart (microVM, VM, hybrid) runs at least one instance for each, and hybrid gives each tenant VMs of its own, filled to `instancesPerVm` at most. Without it, tenant VMs are filled from the pooled instances, as 2026.1 to 2026.11 sized them. */
        sizePerTenant: z.boolean().optional(),
        /** On Kubernetes a node runs at most this many pods (the kubelet's default maxPods, and the documented limit for large clusters), whatever a runtime's density on the reference host; tenant VMs, being nodes of their own, are bounded by their instances per VM. Without it, density alone, as 2026.1 to 2026.14 sized it. */
        podsPerNodeOnKubernetes: z.number().int().positive().optional(),
        /** A function's or a batch job's instances exist only while they work, so tenants beyond the peak instances are idle and hold none: an option that walls off each instance (microVM, VM) plans the peak, not an instance per tenant; hybrid still keeps a VM per tenant for each tenant's instances. Without it, every walled option plans an instance per tenant at least, as 2026.12 to 2026.14 sized them. */
        idleTenantsHoldNoInstance: z.boolean().optional(),
        /** A GPU shared within one OS (time-slicing, MIG) is shared within one tenant VM's OS only, so hybrid's VMs take whole GPUs each (a vGPU is shared across VMs). Without it, hybrid's GPUs are counted as if its instances shared them across VMs, as 2026.2 to 2026.14 counted them. */
        wholeGpusPerTenantVm: z.boolean().optional(),
        /** Copies of a workload on the host's network all bind the same ports, so a host (or, for hybrid, a tenant VM, whose network its containers share) runs one. Without it, they are packed as any workload, as 2026.1 to 2026.14 sized them. */
        hostNetworkOnePerHost: z.boolean().optional(),
        /** A multi-tenant workload that states no tenant count is sized with its instances pooled, which holds only for as many tenants as the plan has walls (tenant VMs, or instances behind a sandbox or VM each): the summary says how many. Without it, the summary is silent on it, as 2026.1 to 2026.15 wrote it. */
        statePooledTenants: z.boolean().optional(),
        /** Where the recommendation and its runner-up plan different instance counts, the summary gives each one's memory overhead across its own count. Without it, both across the recommendation's count, as 2026.1 to 2026.16 wrote it. */
        overheadAcrossOwnPlan: z.boolean().optional(),
        /** A tenant VM is one node on one host: it holds no more instances than one host's memory (and, on the GPU server, its GPUs) can take, a host agent runs one copy in each, and hosts are counted by packing whole VMs. Without it, a VM is filled to `instancesPerVm` whatever the instances' size and hosts counted by VMs per host and pooled memory, as 2026.1 to 2026.17 sized them. */
        tenantVmIsOneNode: z.boolean().optional(),
        /** Where a burst must be reached within a scale-out window that the answer's start can exceed, the summary says so, as it does for a start-up budget. Without it, only the budget is judged, as 2026.1 to 2026.17 wrote it. */
        cautionOnScaleOutWindow: z.boolean().optional(),
        /** Tenant VMs are sized to pack: each tenant's (or the pooled) instances go into VMs of whichever size up to `instancesPerVm` needs the fewest hosts, then the fewest VMs, so that two VMs that just miss sharing a host are made a little smaller rather than given a host each. Without it, VMs are filled to the most one host holds, as 2026.18 sized them. */
        tenantVmsSizedToPack: z.boolean().optional(),
        /** On Kubernetes the scheduler counts a RuntimeClass's overhead.podFixed CPU as each pod's request, so a reference host admits no more sandboxed pods than its `vcpus` over that figure. Without it, hosts are counted by memory and density alone, as 2026.1 to 2026.18 counted them. */
        podCpuOverheadOnKubernetes: z.boolean().optional(),
        /** A scale-out window stated without a burst is the time to add an instance at all: the summary cautions where the answer's start can exceed it, as it does for a burst. Without it, only a stated burst is judged against the window, as 2026.18 wrote it. */
        cautionOnScaleOutWithoutBurst: z.boolean().optional(),
        /** A host agent for GPU hosts reserves no GPU of its own (it acts on the GPUs the workloads share): its pod runs under the runtime's plain handler, not its GPU one. Without it, an agent's pod takes the GPU handler as any GPU workload's, as 2026.1 to 2026.18 wrote it. */
        hostAgentsTakeNoGpu: z.boolean().optional(),
        /** The summary's sentences state figures as the estimates hold them: a budget or window to the millisecond where rounding would make it read as the start it is compared with, hosts of a larger size never called the same as reference hosts, the VMs hybrid's fill rating reads called the fewest the walls allow (the estimate may pack more), one tenant VM in the singular, and a host agent whose tenants share its instances not called single-tenant. Without it, as 2026.18 worded them. */
        sentencesMatchEstimates: z.boolean().optional(),
        /** A sandboxed pod on Kubernetes requests, besides its RuntimeClass's podFixed CPU, its own CPU, taken (the workload stating none) as its memory's share of the reference host's vCPUs: a reference host admits no more such pods than the two together divide into its vCPUs. Without it, podFixed CPU alone, as 2026.19 counted it. */
        podCpuRequestByMemoryShare: z.boolean().optional(),
        /** The summary calls two options' figures "the same" only where they are equal, and otherwise states both precisely enough to differ. Without it, where they read the same once rounded, as 2026.1 to 2026.19 wrote it. */
        sameOnlyWhenEqual: z.boolean().optional(),
      })
      .strict(),
    hardening: z.array(
      z
        .object({
          id,
          options: z.array(z.enum(PLACEMENT_OPTIONS)).min(1),
          level: z.enum(['must', 'should']),
          text,
          /** The item's text for a workload deployed through this orchestrator, where its mechanisms differ (Nomad has no kubelet); `text` for the rest. */
          textByOrchestration: z.partialRecord(z.enum(ORCHESTRATORS), text).optional(),
          when: boundedConditionSchema.optional(),
          /** A further condition for an answer of one of the item's options, for advice that one placement changes: the item applies to that option's answers only where it holds too. */
          optionWhen: z.partialRecord(z.enum(PLACEMENT_OPTIONS), boundedConditionSchema).optional(),
          /** The item concerns these runtimes only: it applies when the recommended option was scored on one of them. */
          runtimes: z.array(id).min(1).optional(),
          /** The item advises moving to one of these runtimes: it applies only where one of them fits the workload and its option is not ruled out, so the checklist never sends a workload where the answer says it cannot go. */
          suggests: z.array(id).min(1).optional(),
          /** The item as Kubernetes pod spec fields, merged into the pod spec the answer suggests: securityContext fields for the pod and for each container, and fields of the pod itself. */
          kubernetes: z
            .object({
              pod: z.record(z.string(), z.unknown()).optional(),
              container: z.record(z.string(), z.unknown()).optional(),
              /** Pod spec fields beside the securityContext (hostNetwork, dnsPolicy), where the item is a setting of the pod itself. */
              podSpec: z.record(z.string(), z.unknown()).optional(),
              /** Fields of each container beside its securityContext (resources.limits for a device the item asks to request). */
              containerSpec: z.record(z.string(), z.unknown()).optional(),
              /** The memory the workload states per instance, written as each container's memory request and limit (nothing where it states none). */
              memoryFromWorkload: z.boolean().optional(),
              /** The placeholder naming the container the item's fields are for, where that is one container rather than each (privileged mode); the first applied item's wins. */
              containerName: text.optional(),
            })
            .strict()
            .optional(),
        })
        .strict(),
    ),
    examples: z
      .array(
        z
          .object({ id, description: text, workload: z.unknown(), expected: z.enum(PLACEMENT_OPTIONS), source: text.optional() })
          .strict()
          // Checked here rather than typed as a workload, so the stored document keeps the example exactly as written.
          .superRefine((example, ctx) => {
            const result = workloadSchema.safeParse(example.workload);
            if (!result.success) for (const issue of result.error.issues) ctx.addIssue({ code: 'custom', path: ['workload', ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))], message: issue.message });
          }),
      )
      .min(1),
  })
  .strict();

export type MatrixDocument = z.infer<typeof matrixSchema>;
export type Criterion = MatrixDocument['criteria'][number];
export type RuntimeDocument = z.infer<typeof runtimeSchema>;
export type EstimateFigures = Pick<RuntimeDocument, 'startupMs' | 'startupMsByOs' | 'memoryOverheadMb' | 'taskMemorySizes' | 'cpuOverheadPct' | 'instancesPerHost' | 'tenantVm' | 'hostsRunByProvider'>;

export interface CompiledRule {
  id: string;
  applies: Predicate;
  reason: string;
  fields: ConditionField[];
}

export interface CompiledCriterion {
  id: string;
  name: string;
  /** The name as it reads mid-sentence: "Fit with orchestration" becomes "fit with orchestration"; "OS freedom" stays. */
  inlineName: string;
  baseImportance: number;
  ratings: Record<PlacementOption, number>;
  /** Indexes into `rules` of the rules that set this criterion, with the importance each sets. */
  rules: readonly { rule: number; importance: number }[];
}

export interface CompiledRuntime {
  /** null for the stand-in built from an option's estimate profile when a matrix lists no runtimes for it. */
  id: string | null;
  label: string;
  labelByOrchestration?: Partial<Record<Workload['orchestration'], string>>;
  notAPodOnKubernetes?: string;
  option: PlacementOption;
  figures: EstimateFigures;
  /** The kind of wall it puts around the workload; null for the stand-in of a matrix that lists no runtimes for the option. */
  isolation: RuntimeDocument['isolation'] | null;
  /** The runtime's rating on each criterion, in criterion order. */
  ratings: readonly number[];
  /** Its ratings for a workload on Kubernetes, where the matrix gives its handler ratings of its own; null otherwise. */
  kubernetesRatings: readonly number[] | null;
  /** Per criterion, the rating of a tenant VM holding one instance (null where fill does not change it); null unless the matrix rates tenant VMs by their fill. */
  aloneRatings: readonly (number | null)[] | null;
  /** `forOtherWorkloads`: the runtime is an entry for other workloads (another OS's, where the condition reads nothing but the OS, or one the matrix marks so) rather than a candidate that falls short. */
  notFit: readonly { id: string; applies: Predicate; reason: string; forOtherWorkloads: boolean }[];
  kubernetes: RuntimeDocument['kubernetes'] | null;
}

export interface CompiledCurve {
  id: string;
  criterion: number;
  field: ConditionField;
  read: (w: Workload) => unknown;
  /** x already on the curve's scale (log10 for log curves). */
  points: readonly (readonly [number, number])[];
  log: boolean;
  reason: string;
}

export interface CompiledHardening {
  id: string;
  level: 'must' | 'should';
  text: string;
  /** The text for workloads on these orchestrators, where the matrix words it for them; null when one text serves all. */
  textByOrchestration: Partial<Record<Workload['orchestration'], string>> | null;
  applies: Predicate;
  /** null: the item holds whichever runtime the option was scored on. */
  runtimes: ReadonlySet<string> | null;
  /** null: the item advises no move; otherwise the runtimes it advises moving to, one of which must fit. */
  suggests: readonly string[] | null;
  kubernetes?: { pod?: Record<string, unknown>; container?: Record<string, unknown>; podSpec?: Record<string, unknown>; containerSpec?: Record<string, unknown>; memoryFromWorkload?: boolean; containerName?: string };
}

/**
 * A validated matrix with its checksum, its conditions compiled and its tables arranged
 * for evaluation (work done once per version instead of once per request). What `evaluate` takes.
 */
export interface LoadedMatrix {
  readonly version: string;
  readonly checksum: string;
  readonly document: MatrixDocument;
  readonly criteria: readonly CompiledCriterion[];
  readonly rules: readonly CompiledRule[];
  readonly curves: readonly CompiledCurve[];
  readonly constraints: readonly { id: string; applies: Predicate; excludes: readonly PlacementOption[]; reason: string }[];
  /** Per option, the runtimes that implement it in matrix order (the order breaks equal runtime scores). */
  readonly runtimes: Readonly<Record<PlacementOption, readonly CompiledRuntime[]>>;
  /** Whether the matrix names real runtimes (and so the evaluation lists them). */
  readonly listsRuntimes: boolean;
  readonly tieBreak: { order: readonly PlacementOption[]; rank: Readonly<Record<PlacementOption, number>>; reason: string | null };
  /** Per option, its checklist items with every "must" before every "should", matrix order otherwise. */
  readonly hardening: Readonly<Record<PlacementOption, readonly CompiledHardening[]>>;
}

/** sha256 over the canonical JSON (keys sorted, no whitespace) of a matrix document. */
export function matrixChecksum(document: unknown): string {
  return createHash('sha256')
    .update(stringify(document) ?? '')
    .digest('hex');
}

/**
 * Lists every problem in a matrix document, each with its path (`criteria[2].ratings.vm`).
 * Problems inside one item (ratings, conditions, example workloads) are all reported at
 * once; checks across items (duplicate ids, rules naming unknown criteria) follow once
 * every item is well-formed. An empty list means `loadMatrix` will accept it.
 */
export function validateMatrix(input: unknown): ValidationProblem[] {
  return parseMatrix(input).problems;
}

type Issue = z.core.$ZodIssue;

/** The value at a zod path inside the raw input (undefined where the input has nothing there). */
function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let node = input;
  for (const key of path) node = node !== null && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[key] : undefined;
  return node;
}

/** Which branch of a condition's union the author wrote, by its keys: 0 a comparison, 1 all, 2 any, 3 not. */
function conditionBranch(value: unknown): number | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  if ('all' in value) return 1;
  if ('any' in value) return 2;
  if ('not' in value) return 3;
  if ('field' in value || 'op' in value || 'value' in value) return 0;
  return undefined;
}

/**
 * A zod issue as problems with paths. A union only says "Invalid input" at its own path, so for a
 * condition (the only union in a matrix outside a comparison's value) the branch the author wrote
 * is reported instead, down to the offending field (`importanceRules[0].when.field`, with the
 * allowed values), through nested all/any/not.
 */
function issueProblems(issue: Issue, base: readonly PropertyKey[], input: unknown): ValidationProblem[] {
  const path = [...base, ...issue.path];
  if (issue.code !== 'invalid_union') return [{ path: formatPath(path), message: issue.message }];
  if (path[path.length - 1] === 'value') return [{ path: formatPath(path), message: 'must be a string, a number, a boolean, or an array of them' }];
  const branch = conditionBranch(valueAt(input, path));
  const branchIssues = branch === undefined ? undefined : issue.errors[branch];
  if (!branchIssues?.length) return [{ path: formatPath(path), message: 'must be a condition: an object with field, op and value, or with exactly one of all, any or not' }];
  return branchIssues.flatMap((inner) => issueProblems(inner, path, input));
}

function parseMatrix(input: unknown): { document: MatrixDocument; problems: [] } | { document?: undefined; problems: ValidationProblem[] } {
  const parsed = matrixSchema.safeParse(input);
  if (!parsed.success) {
    return { problems: parsed.error.issues.flatMap((issue) => issueProblems(issue, [], input)) };
  }
  const doc = parsed.data;
  const problems: ValidationProblem[] = [];
  const unique = (section: string, items: { id: string }[]) => {
    const seen = new Set<string>();
    items.forEach((item, i) => {
      if (seen.has(item.id)) problems.push({ path: `${section}[${i}].id`, message: `duplicate id '${item.id}'` });
      seen.add(item.id);
    });
  };
  unique('criteria', doc.criteria);
  unique('importanceRules', doc.importanceRules);
  unique('constraints', doc.constraints);
  unique('hardening', doc.hardening);
  unique('examples', doc.examples);

  const criterionIds = new Set(doc.criteria.map((c) => c.id));
  doc.importanceRules.forEach((rule, i) => {
    const targets = Object.keys(rule.importance);
    if (targets.length === 0) problems.push({ path: `importanceRules[${i}].importance`, message: 'names no criterion' });
    for (const target of targets) {
      if (!criterionIds.has(target)) problems.push({ path: `importanceRules[${i}].importance.${target}`, message: `unknown criterion '${target}'` });
    }
  });
  (doc.importanceCurves ?? []).forEach((curve, i) => {
    if (!criterionIds.has(curve.criterion)) problems.push({ path: `importanceCurves[${i}].criterion`, message: `unknown criterion '${curve.criterion}'` });
    curve.points.forEach((point, j) => {
      if (j > 0 && point[0] <= curve.points[j - 1][0]) problems.push({ path: `importanceCurves[${i}].points[${j}]`, message: 'x values must increase' });
    });
  });
  unique('importanceCurves', doc.importanceCurves ?? []);
  unique('runtimes', doc.runtimes ?? []);
  (doc.runtimes ?? []).forEach((runtime, i) => {
    for (const target of Object.keys(runtime.ratings ?? {})) {
      if (!criterionIds.has(target)) problems.push({ path: `runtimes[${i}].ratings.${target}`, message: `unknown criterion '${target}'` });
    }
    for (const target of Object.keys(runtime.kubernetes?.ratings ?? {})) {
      if (!criterionIds.has(target)) problems.push({ path: `runtimes[${i}].kubernetes.ratings.${target}`, message: `unknown criterion '${target}'` });
    }
    for (const target of Object.keys(runtime.tenantVm?.ratedByFill?.whenAlone ?? {})) {
      if (!criterionIds.has(target)) problems.push({ path: `runtimes[${i}].tenantVm.ratedByFill.whenAlone.${target}`, message: `unknown criterion '${target}'` });
    }
  });
  for (const option of PLACEMENT_OPTIONS) {
    if (!doc.estimates.profiles && !(doc.runtimes ?? []).some((r) => r.option === option)) {
      problems.push({ path: 'runtimes', message: `option '${option}' has neither a runtime nor an estimate profile` });
    }
  }
  const runtimeOptions = new Map((doc.runtimes ?? []).map((r) => [r.id, r.option]));
  doc.hardening.forEach((item, i) => {
    for (const option of Object.keys(item.optionWhen ?? {}) as PlacementOption[]) {
      if (!item.options.includes(option)) problems.push({ path: `hardening[${i}].optionWhen.${option}`, message: `'${option}' is not one of the item's options` });
    }
    (item.suggests ?? []).forEach((name, j) => {
      if (!runtimeOptions.has(name)) problems.push({ path: `hardening[${i}].suggests[${j}]`, message: `unknown runtime '${name}'` });
    });
    (item.runtimes ?? []).forEach((name, j) => {
      const option = runtimeOptions.get(name);
      if (option === undefined) problems.push({ path: `hardening[${i}].runtimes[${j}]`, message: `unknown runtime '${name}'` });
      else if (!item.options.includes(option)) problems.push({ path: `hardening[${i}].runtimes[${j}]`, message: `runtime '${name}' serves '${option}', which the item's options do not name` });
    });
  });
  if (doc.tieBreak && new Set(doc.tieBreak.order).size !== PLACEMENT_OPTIONS.length) {
    problems.push({ path: 'tieBreak.order', message: 'must name each option once' });
  }
  return problems.length > 0 ? { problems } : { document: doc, problems: [] };
}

/** The order 2026.1 settles ties in, kept for matrices that do not state their own. */
const STRONGER_WALL_FIRST: readonly PlacementOption[] = ['vm', 'hybrid', 'microvm', 'container'];

function compileRuntimes(document: MatrixDocument): Record<PlacementOption, CompiledRuntime[]> {
  const out = { container: [], microvm: [], vm: [], hybrid: [] } as Record<PlacementOption, CompiledRuntime[]>;
  for (const option of PLACEMENT_OPTIONS) {
    const listed = (document.runtimes ?? []).filter((r) => r.option === option);
    if (listed.length === 0) {
      const profile = document.estimates.profiles![option];
      out[option].push({
        id: null,
        label: document.options[option].label,
        option,
        figures: profile,
        isolation: null,
        ratings: document.criteria.map((c) => c.ratings[option]),
        kubernetesRatings: null,
        aloneRatings: null,
        notFit: [],
        kubernetes: null,
      });
      continue;
    }
    for (const r of listed) {
      out[option].push({
        id: r.id,
        label: r.label,
        ...(r.labelByOrchestration ? { labelByOrchestration: r.labelByOrchestration } : {}),
        ...(r.notAPodOnKubernetes ? { notAPodOnKubernetes: r.notAPodOnKubernetes } : {}),
        option,
        figures: {
          startupMs: r.startupMs,
          memoryOverheadMb: r.memoryOverheadMb,
          cpuOverheadPct: r.cpuOverheadPct,
          instancesPerHost: r.instancesPerHost,
          ...(r.tenantVm ? { tenantVm: r.tenantVm } : {}),
          ...(r.hostsRunByProvider ? { hostsRunByProvider: true as const } : {}),
          ...(r.startupMsByOs ? { startupMsByOs: r.startupMsByOs } : {}),
          ...(r.taskMemorySizes ? { taskMemorySizes: r.taskMemorySizes } : {}),
        },
        isolation: r.isolation,
        ratings: document.criteria.map((c) => r.ratings?.[c.id] ?? c.ratings[option]),
        kubernetesRatings: r.kubernetes?.ratings ? document.criteria.map((c) => r.kubernetes!.ratings![c.id] ?? r.ratings?.[c.id] ?? c.ratings[option]) : null,
        aloneRatings: r.tenantVm?.ratedByFill ? document.criteria.map((c) => r.tenantVm!.ratedByFill!.whenAlone[c.id] ?? null) : null,
        notFit: (r.notFitWhen ?? []).map((n) => ({ id: n.id, applies: compileCondition(n.when), reason: n.reason, forOtherWorkloads: n.forOtherWorkloads === true || conditionFields(n.when).every((f) => f === 'os') })),
        kubernetes: r.kubernetes ?? null,
      });
    }
  }
  return out;
}

/**
 * Validates a matrix document and prepares it for evaluation.
 * @throws EngineError with code MATRIX_INVALID listing every problem and its path
 */
export function loadMatrix(input: unknown): LoadedMatrix {
  const { document, problems } = parseMatrix(input);
  if (!document) {
    const first = problems
      .slice(0, 5)
      .map((p) => `${p.path}: ${p.message}`)
      .join('; ');
    throw new EngineError('MATRIX_INVALID', `Matrix is invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}): ${first}`, problems);
  }
  const always = () => true;
  const hardening = document.hardening
    .map((h) => ({
      options: h.options,
      optionWhen: h.optionWhen,
      item: {
        id: h.id,
        level: h.level,
        text: h.text,
        textByOrchestration: h.textByOrchestration ?? null,
        applies: h.when ? compileCondition(h.when) : always,
        runtimes: h.runtimes ? new Set(h.runtimes) : null,
        suggests: h.suggests ?? null,
        ...(h.kubernetes ? { kubernetes: h.kubernetes } : {}),
      },
    }))
    .sort((a, b) => (a.item.level === b.item.level ? 0 : a.item.level === 'must' ? -1 : 1));
  const forOption = (h: (typeof hardening)[number], option: PlacementOption): CompiledHardening => {
    const further = h.optionWhen?.[option];
    if (!further) return h.item;
    const [general, specific] = [h.item.applies, compileCondition(further)];
    return { ...h.item, applies: (w) => general(w) && specific(w) };
  };
  return {
    version: document.version,
    checksum: matrixChecksum(document),
    document,
    criteria: document.criteria.map((c) => ({
      id: c.id,
      name: c.name,
      inlineName: /^[A-Z][a-z]/.test(c.name) ? c.name[0].toLowerCase() + c.name.slice(1) : c.name,
      baseImportance: c.baseImportance,
      ratings: c.ratings,
      rules: document.importanceRules.flatMap((r, rule) => (r.importance[c.id] === undefined ? [] : [{ rule, importance: r.importance[c.id] }])),
    })),
    rules: document.importanceRules.map((r) => ({ id: r.id, applies: compileCondition(r.when), reason: r.reason, fields: conditionFields(r.when) })),
    curves: (document.importanceCurves ?? []).map((c) => ({
      id: c.id,
      criterion: document.criteria.findIndex((k) => k.id === c.criterion),
      field: c.field,
      read: fieldReader(c.field),
      points: c.points.map(([x, y]) => [c.scale === 'log' ? Math.log10(x) : x, y] as const),
      log: c.scale === 'log',
      reason: c.reason,
    })),
    runtimes: compileRuntimes(document),
    listsRuntimes: (document.runtimes ?? []).length > 0,
    tieBreak: ((order: readonly PlacementOption[]) => ({
      order,
      rank: Object.fromEntries(order.map((o, i) => [o, i])) as Record<PlacementOption, number>,
      reason: document.tieBreak?.reason ?? null,
    }))(document.tieBreak?.order ?? STRONGER_WALL_FIRST),
    constraints: document.constraints.map((c) => ({ id: c.id, applies: compileCondition(c.when), excludes: c.excludes, reason: c.reason })),
    hardening: Object.fromEntries(PLACEMENT_OPTIONS.map((o) => [o, hardening.filter((h) => h.options.includes(o)).map((h) => forOption(h, o))])) as unknown as LoadedMatrix['hardening'],
  };
}

/** The runtime's name for the workload's orchestrator. */
export function runtimeLabel(runtime: Pick<CompiledRuntime, 'label' | 'labelByOrchestration'>, workload: Pick<Workload, 'orchestration'>): string {
  return runtime.labelByOrchestration?.[workload.orchestration] ?? runtime.label;
}

/** A runtime's own ratings, before any for its tenant VMs' fill: on Kubernetes its handler's, where the matrix gives them. */
export function ownRatingsFor(runtime: Pick<CompiledRuntime, 'ratings' | 'kubernetesRatings'>, workload: Pick<Workload, 'orchestration'>): readonly number[] {
  return (workload.orchestration === 'kubernetes' && runtime.kubernetesRatings) || runtime.ratings;
}

/**
 * A runtime's ratings for this workload, in criterion order: on Kubernetes its handler's, where
 * the matrix gives them; for tenant VMs the matrix rates by their fill, moved toward the ratings
 * of a VM holding one instance as far as walls between tenants, or ports, leave them short of full.
 */
export function ratingsFor(matrix: LoadedMatrix, runtime: Pick<CompiledRuntime, 'ratings' | 'kubernetesRatings' | 'aloneRatings' | 'figures'>, workload: Workload): readonly number[] {
  const own = ownRatingsFor(runtime, workload);
  const alone = runtime.aloneRatings;
  const tenantVm = runtime.figures.tenantVm;
  if (alone === null || tenantVm?.ratedByFill === undefined) return own;
  const fullness = tenantVmFullness(matrix.document.estimates, tenantVm, runtime.figures.memoryOverheadMb, tenantVm.ratedByFill.ownFrom, workload);
  return fullness >= 1 ? own : own.map((rating, i) => (alone[i] === null ? rating : alone[i] + (rating - alone[i]) * fullness));
}

/** A runtime's start-up range for this workload: its figure for the workload's OS, where it boots a whole guest of it and the matrix gives one; else on Kubernetes its handler's, where the matrix gives one, else its own. */
export function startupFor(runtime: Pick<CompiledRuntime, 'figures' | 'kubernetes'>, workload: Pick<Workload, 'orchestration' | 'os'>): { min: number; max: number } {
  return runtime.figures.startupMsByOs?.[workload.os] ?? ((workload.orchestration === 'kubernetes' && runtime.kubernetes?.startupMs) || runtime.figures.startupMs);
}
