import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, ValidateNested } from 'class-validator';
import { PLACEMENT_OPTIONS, CODE_TRUST, COMPLIANCE_REGIMES, COST_SENSITIVITY, GPU_NEEDS, GPU_SHARING, KERNEL_REQUIREMENTS, OPERATING_SYSTEMS, ORCHESTRATORS, PRIVILEGES, TENANCY, WORKLOAD_TYPES } from '../../engine/index.js';
import { AbsentOr, BooleanField, ClosedSchema, EnumField, EnumSetField, NotAnArray, PositiveIntField, PositiveNumberField, TextField } from '../../common/field-decorators.js';

/** Ceilings far above any real fleet, low enough that every estimate stays a readable number. */
export const WORKLOAD_MAXIMA = { instances: 10_000_000, startupBudgetMs: 3_600_000, memoryMbPerInstance: 16_777_216, scaleOutSeconds: 604_800 } as const;
/** A workload name's length in characters (code points). */
export const WORKLOAD_NAME_MAX_LENGTH = 200;

@ClosedSchema()
export class ScaleDto {
  @PositiveIntField({ description: 'Instances running in steady state.', example: 10, max: WORKLOAD_MAXIMA.instances })
  instances!: number;

  @PositiveIntField({
    description: 'Peak instances during a burst; sizing uses this when given.',
    optional: true,
    example: 100,
    max: WORKLOAD_MAXIMA.instances,
    atLeast: { field: 'instances', message: 'burstInstances must be at least scale.instances' },
  })
  burstInstances?: number;

  @PositiveNumberField({ description: 'How fast the burst must be reached, in seconds (greater than 0).', optional: true, example: 30, max: WORKLOAD_MAXIMA.scaleOutSeconds })
  scaleOutSeconds?: number;

  @PositiveIntField({
    description:
      'How many tenants the instances belong to, for a multi-tenant workload (dropped for a single-tenant one). Matrices from 2026.12 size per tenant with it: an option that walls tenants apart runs an instance per tenant at least, and hybrid gives each tenant VMs of its own.',
    optional: true,
    example: 40,
    max: WORKLOAD_MAXIMA.instances,
  })
  tenants?: number;
}

/** The workload a caller asks about. Field names and values are the API contract. */
@ClosedSchema()
export class WorkloadDto {
  @TextField({
    description: "What the workload is called in the caller's world; printable text, no control characters.",
    minLength: 1,
    maxLength: WORKLOAD_NAME_MAX_LENGTH,
    example: 'Checkout microservices',
    patternMessage: 'name must be printable text without control characters',
  })
  name!: string;

  @EnumField(CODE_TRUST, { description: 'Who wrote the code that runs.' })
  codeTrust!: (typeof CODE_TRUST)[number];

  @EnumField(TENANCY, { description: "Whether different customers' workloads share hosts." })
  tenancy!: (typeof TENANCY)[number];

  @EnumSetField(COMPLIANCE_REGIMES, { description: 'Compliance regimes the workload falls under.', optional: true, default: [] })
  compliance?: (typeof COMPLIANCE_REGIMES)[number][];

  @BooleanField({ description: 'An auditor explicitly mandates hardware isolation.', optional: true, default: false })
  requiresHardwareIsolation?: boolean;

  @EnumField(OPERATING_SYSTEMS, { description: 'Operating system the workload needs.', optional: true, default: 'linux' })
  os?: (typeof OPERATING_SYSTEMS)[number];

  @EnumSetField(KERNEL_REQUIREMENTS, { description: 'Kernel needs beyond a stock shared Linux kernel.', optional: true, default: [] })
  kernelRequirements?: (typeof KERNEL_REQUIREMENTS)[number][];

  @EnumField(WORKLOAD_TYPES, { description: 'Shape of the workload.', optional: true, default: 'microservice' })
  workloadType?: (typeof WORKLOAD_TYPES)[number];

  @BooleanField({ description: 'Legacy software that expects root, a full OS and an init system.', optional: true, default: false })
  legacy?: boolean;

  @EnumSetField(PRIVILEGES, { description: 'Elevated privileges the workload asks for (host-devices: direct access to host devices such as /dev entries or PCI passthrough).', optional: true, default: [] })
  privileges?: (typeof PRIVILEGES)[number][];

  @EnumField(GPU_NEEDS, { description: 'GPU needs: none, a share of a GPU, or whole GPUs.', optional: true, default: 'none' })
  gpu?: (typeof GPU_NEEDS)[number];

  @EnumField(GPU_SHARING, {
    description: 'How a shared GPU is split: time-slicing (or MPS) within one OS, MIG hardware partitions, or vGPU through a hypervisor. Used only when gpu is shared (default time-slicing); ignored otherwise.',
    optional: true,
  })
  gpuSharing?: (typeof GPU_SHARING)[number];

  @BooleanField({ description: 'Needs to run VMs itself (Docker-in-Docker with KVM, emulators).', optional: true, default: false })
  nestedVirtualization?: boolean;

  @BooleanField({ description: 'The workload gets hosts (or a node pool) that run nothing else, so the host kernel and its modules are its own to choose.', optional: true, default: false })
  dedicatedHosts?: boolean;

  @BooleanField({ description: 'The fleet runs Windows Server container hosts (machines or VMs, a Windows node pool among them). Without them a Windows workload gets a Windows guest, not Windows containers.', optional: true, default: false })
  windowsHosts?: boolean;

  @BooleanField({ description: "The host operator must not see the workload's memory: confidential VMs or confidential containers with attestation (SEV-SNP, TDX).", optional: true, default: false })
  confidentialComputing?: boolean;

  @BooleanField({ description: 'The workload exists to act on its host (device drivers, CNI or CSI plugins, node monitoring or security agents), so it must see the host kernel.', optional: true, default: false })
  hostAgent?: boolean;

  @ApiPropertyOptional({ type: ScaleDto, description: 'Scale; defaults to one instance.', default: { instances: 1 } })
  @AbsentOr()
  @IsDefined()
  @NotAnArray()
  @ValidateNested()
  @Type(() => ScaleDto)
  scale?: ScaleDto;

  @PositiveIntField({ description: 'p95 cold-start budget in milliseconds.', optional: true, example: 1000, max: WORKLOAD_MAXIMA.startupBudgetMs })
  startupBudgetMs?: number;

  @PositiveIntField({ description: 'Memory per instance in MB; the matrix default when absent.', optional: true, example: 256, max: WORKLOAD_MAXIMA.memoryMbPerInstance })
  memoryMbPerInstance?: number;

  @EnumField(ORCHESTRATORS, { description: 'Orchestrator the workload is deployed through.', optional: true, default: 'none' })
  orchestration?: (typeof ORCHESTRATORS)[number];

  @EnumField(COST_SENSITIVITY, { description: 'How much the owners care about cost.', optional: true, default: 'medium' })
  costSensitivity?: (typeof COST_SENSITIVITY)[number];

  @EnumField(PLACEMENT_OPTIONS, { description: 'Where the workload runs today; the answer then says whether that is acceptable, a risk or ruled out. Changes no score.', optional: true })
  currentPlacement?: (typeof PLACEMENT_OPTIONS)[number];
}
