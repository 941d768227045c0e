import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { PLACEMENT_OPTIONS } from '../../engine/index.js';

// Response shapes for the OpenAPI document; the values themselves come from the engine's types.

class ExclusionDto {
  @ApiProperty({ example: 'untrusted-tenants-never-share-a-kernel' }) constraint!: string;
  @ApiProperty() reason!: string;
}

class OptionResultDto {
  @ApiProperty({ enum: PLACEMENT_OPTIONS }) option!: string;
  @ApiProperty({ example: 'Virtual machine' }) label!: string;
  @ApiProperty() eligible!: boolean;
  @ApiProperty({ type: Number, nullable: true, minimum: 0, maximum: 100, description: 'null when excluded' }) score!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: '1 is best; null when excluded' }) rank!: number | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'kata-containers',
    description: 'The runtime the option was scored and sized on (its best fitting one); null when the matrix names no runtimes. Absent on records stored before runtimes existed.',
  })
  runtime?: string | null;
  @ApiProperty({ type: [ExclusionDto] }) exclusions!: ExclusionDto[];
}

class RuntimeFitDto {
  @ApiProperty({ example: 'kata-containers', description: 'The runtime id in the matrix' }) name!: string;
  @ApiProperty({ example: 'Kata Containers' }) label!: string;
  @ApiProperty({ enum: PLACEMENT_OPTIONS }) option!: string;
  @ApiProperty() fits!: boolean;
  @ApiProperty({ description: 'The runtime its option was scored on' }) selected!: boolean;
  @ApiProperty({ type: Number, nullable: true, description: '0-100 on this workload; null when it does not fit' }) score!: number | null;
  @ApiProperty({ example: 'it has no GPU or PCI passthrough' }) reason!: string;
}

class ImportanceSourceDto {
  @ApiProperty() rule!: string;
  @ApiProperty() reason!: string;
  @ApiProperty() importance!: number;
  @ApiProperty({ type: [String], description: 'Workload fields the rule looked at' }) fields!: string[];
}

class FactorDto {
  @ApiProperty() criterion!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ minimum: 0, maximum: 10 }) importance!: number;
  @ApiProperty({ type: [ImportanceSourceDto] }) setBy!: ImportanceSourceDto[];
  @ApiProperty({ description: "Points per option; each option's points add up to its score", example: { container: 2.1, microvm: 6.3, vm: 7, hybrid: 4.2 } })
  contributions!: Record<string, number>;
}

class RationaleDto {
  @ApiProperty({ description: 'A paragraph to paste into a design document' }) summary!: string;
  @ApiProperty({ enum: PLACEMENT_OPTIONS, nullable: true }) runnerUp!: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Points between first and second' }) margin!: number | null;
  @ApiPropertyOptional({ description: 'The two best scores are equal and the matrix tie-break rule chose; the summary names both. Absent on records stored before it existed.' }) tie?: boolean;
  @ApiProperty({ type: [FactorDto] }) factors!: FactorDto[];
}

class HardeningItemDto {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: ['must', 'should'] }) level!: string;
  @ApiProperty() text!: string;
}

class RangeDto {
  @ApiProperty() min!: number;
  @ApiProperty() max!: number;
}

class OptionEstimateDto {
  @ApiProperty({ enum: PLACEMENT_OPTIONS }) option!: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'The runtime these figures belong to' }) runtime?: string | null;
  @ApiProperty({ type: RangeDto }) startupMs!: RangeDto;
  @ApiPropertyOptional({ type: RangeDto, description: 'Hybrid: a new tenant waits for its VM to boot' }) newTenantStartupMs?: RangeDto;
  @ApiPropertyOptional({ description: 'Hybrid, where the workload states its tenants and the matrix sizes per tenant, or where the matrix sizes tenant VMs to pack (2026.19 on): the VMs of all tenants together', example: 40 })
  tenantVmsPlanned?: number;
  @ApiProperty({ type: Boolean, nullable: true, description: 'null when no budget was given' }) meetsStartupBudget!: boolean | null;
  @ApiProperty() instancesPlanned!: number;
  @ApiProperty() memoryMbPerInstance!: number;
  @ApiProperty() memoryOverheadMbTotal!: number;
  @ApiProperty({ type: RangeDto }) cpuOverheadPct!: RangeDto;
  @ApiProperty({ description: '0 where the provider runs the hosts (hostsRunByProvider)' }) hostsNeeded!: number;
  @ApiPropertyOptional({ enum: [true], description: "Present when the runtime's hosts are the provider's (AWS Fargate): the team runs none, and hostsNeeded is 0" })
  hostsRunByProvider?: true;
  @ApiPropertyOptional({ enum: [true], description: 'Present when one instance with its overhead needs more memory than the reference host offers; hostsNeeded then counts one larger host per instance' })
  largerHostsNeeded?: true;
}

class EstimatesDto {
  @ApiProperty() referenceHost!: string;
  @ApiProperty({ enum: ['workload', 'matrix-default'] }) memorySource!: string;
  @ApiProperty({ type: [OptionEstimateDto] }) options!: OptionEstimateDto[];
}

class WorkloadChangeDto {
  @ApiProperty({ example: 'codeTrust', description: 'The request field in dot notation (scale.instances)' }) field!: string;
  // OpenAPI 3.0 allows nullable only beside a type, so null is the string branch's.
  @ApiProperty({ oneOf: [{ type: 'string', nullable: true }, { type: 'number' }, { type: 'boolean' }, { type: 'array', items: { type: 'string' } }], example: 'untrusted', description: 'null when the request did not set it' }) from!: unknown;
  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }, { type: 'array', items: { type: 'string' } }], example: 'first-party', description: 'A value the request schema accepts' }) to!: unknown;
}

class CounterfactualDto {
  @ApiProperty({ enum: ['switch', 'rule-out'], description: 'switch: the changes make `option` the answer; rule-out: they rule the current answer out and `option` takes its place' }) kind!: string;
  @ApiProperty({ enum: PLACEMENT_OPTIONS }) option!: string;
  @ApiProperty({ type: [WorkloadChangeDto] }) changes!: WorkloadChangeDto[];
  @ApiProperty({ example: 4.2, description: "The new answer's lead after the changes" }) margin!: number;
}

class ConfidenceDto {
  @ApiProperty({ enum: ['high', 'medium', 'low'] }) level!: string;
  @ApiProperty({ type: Number, nullable: true, example: 10.8 }) margin!: number | null;
  @ApiProperty({ minimum: 0, maximum: 1, example: 0.93, description: 'Share of single neighbouring changes that keep the answer' }) stability!: number;
  @ApiProperty({ type: [String], example: ['startupBudgetMs'] }) sensitiveTo!: string[];
}

class CurrentPlacementDto {
  @ApiProperty({ enum: PLACEMENT_OPTIONS }) option!: string;
  @ApiProperty({
    enum: ['acceptable', 'behind', 'risk', 'ruled-out'],
    description: '`behind`: it contains the workload as well as the recommendation and trails it only on cost and fit; `risk`: the recommendation contains it better',
  })
  status!: string;
  @ApiProperty() reason!: string;
}

class KubernetesAdviceDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'A node.k8s.io/v1 RuntimeClass; null when the answer is a VM',
    example: { apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass', metadata: { name: 'placement-kata-qemu' }, handler: 'kata-qemu', overhead: { podFixed: { memory: '160Mi', cpu: '250m' } } },
  })
  runtimeClass!: Record<string, unknown> | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'runtimeClassName, os when the runtime is tied to one, the pod settings (hostNetwork, dnsPolicy), securityContext and container resources (a GPU limit) the hardening checklist asks for',
  })
  podSpec!: Record<string, unknown>;
  @ApiProperty() note!: string;
}

class MatrixRefDto {
  @ApiProperty({ example: '2026.20' }) version!: string;
  @ApiProperty({ description: 'sha256 of the canonical JSON of the matrix' }) checksum!: string;
}

export class EvaluationResponseDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Absent on a dry run' }) id?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'Absent on a dry run' }) createdAt?: string;
  @ApiProperty({ description: 'The input with every default filled in', type: 'object', additionalProperties: true }) workload!: Record<string, unknown>;
  @ApiProperty({ enum: PLACEMENT_OPTIONS, nullable: true, description: 'null when every option is excluded' }) recommendation!: string | null;
  @ApiProperty({ type: [OptionResultDto] }) options!: OptionResultDto[];
  @ApiPropertyOptional({ type: [RuntimeFitDto], description: 'Every runtime the matrix names, whether it fits this workload and which one each option was scored on. Empty under matrices without runtimes (2026.1).' })
  runtimes?: RuntimeFitDto[];
  @ApiProperty({ type: RationaleDto }) rationale!: RationaleDto;
  @ApiProperty({ type: [HardeningItemDto] }) hardening!: HardeningItemDto[];
  @ApiPropertyOptional({ type: [CounterfactualDto], description: 'What would change the answer; absent on records stored before it existed' }) counterfactuals?: CounterfactualDto[];
  @ApiPropertyOptional({ type: ConfidenceDto, description: 'How sure the answer is; absent on records stored before it existed' }) confidence?: ConfidenceDto;
  @ApiPropertyOptional({ type: CurrentPlacementDto, description: 'Present when the request named its currentPlacement' }) currentPlacement?: CurrentPlacementDto;
  @ApiPropertyOptional({ type: KubernetesAdviceDto, description: 'Present when orchestration is kubernetes' }) kubernetes?: KubernetesAdviceDto;
  @ApiProperty({ type: EstimatesDto }) estimates!: EstimatesDto;
  @ApiProperty({ type: MatrixRefDto }) matrix!: MatrixRefDto;
}

/** The answer with `Prefer: return=minimal`: the decision and where to read the rest. */
export class EvaluationSummaryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Absent on a dry run; GET /v1/evaluations/{id} returns the full stored answer' }) id?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'Absent on a dry run' }) createdAt?: string;
  @ApiProperty({ description: "The workload's name" }) name!: string;
  @ApiProperty({ enum: PLACEMENT_OPTIONS, nullable: true, description: 'null when every option is excluded' }) recommendation!: string | null;
  @ApiProperty({ enum: PLACEMENT_OPTIONS, nullable: true }) runnerUp!: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Points between the recommendation and the runner-up' }) margin!: number | null;
  @ApiProperty() tie!: boolean;
  @ApiProperty({ enum: ['high', 'medium', 'low'], nullable: true }) confidence!: string | null;
  @ApiProperty({ type: MatrixRefDto }) matrix!: MatrixRefDto;
}

export class EvaluationPageDto {
  @ApiProperty({ type: [EvaluationResponseDto] }) items!: EvaluationResponseDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as cursor for the next page; null on the last page' }) nextCursor!: string | null;
}

/** A list page with `Prefer: return=minimal`. */
export class EvaluationSummaryPageDto {
  @ApiProperty({ type: [EvaluationSummaryDto] }) items!: EvaluationSummaryDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as cursor for the next page; null on the last page' }) nextCursor!: string | null;
}

class RecommendationCountsDto {
  @ApiProperty() container!: number;
  @ApiProperty() microvm!: number;
  @ApiProperty() vm!: number;
  @ApiProperty() hybrid!: number;
  @ApiProperty({ description: 'Workloads no option fits' }) none!: number;
  @ApiProperty() total!: number;
}

export class BatchResponseDto {
  @ApiProperty({ type: [EvaluationResponseDto], description: 'In input order' }) items!: EvaluationResponseDto[];
  @ApiProperty({ type: RecommendationCountsDto }) summary!: RecommendationCountsDto;
}

export class BatchSummaryResponseDto {
  @ApiProperty({ type: [EvaluationSummaryDto], description: 'In input order' }) items!: EvaluationSummaryDto[];
  @ApiProperty({ type: RecommendationCountsDto }) summary!: RecommendationCountsDto;
}

class ScoreChangeDto {
  @ApiProperty({ enum: PLACEMENT_OPTIONS }) option!: string;
  @ApiProperty({ type: Number, nullable: true }) before!: number | null;
  @ApiProperty({ type: Number, nullable: true }) after!: number | null;
  @ApiProperty({ type: Number, nullable: true }) delta!: number | null;
}

class EligibilityChangeDto {
  @ApiProperty({ enum: PLACEMENT_OPTIONS }) option!: string;
  @ApiProperty() before!: boolean;
  @ApiProperty() after!: boolean;
}

export class MovedFactorDto {
  @ApiProperty() criterion!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: Number, nullable: true }) importanceBefore!: number | null;
  @ApiProperty({ type: Number, nullable: true }) importanceAfter!: number | null;
  @ApiProperty({ description: 'Points this criterion moved towards the new recommendation' }) swing!: number;
}

class RuntimeChangeDto {
  @ApiProperty({ enum: PLACEMENT_OPTIONS }) option!: string;
  @ApiProperty({ type: String, nullable: true }) before!: string | null;
  @ApiProperty({ type: String, nullable: true }) after!: string | null;
}

class HardeningChangeDto {
  @ApiProperty() id!: string;
  @ApiProperty({ type: HardeningItemDto }) before!: HardeningItemDto;
  @ApiProperty({ type: HardeningItemDto }) after!: HardeningItemDto;
}

class ChecklistComparisonDto {
  @ApiProperty({ type: [HardeningItemDto] }) added!: HardeningItemDto[];
  @ApiProperty({ type: [HardeningItemDto] }) removed!: HardeningItemDto[];
  @ApiProperty({ type: [HardeningChangeDto], description: 'Items on both lists whose level or text changed' }) changed!: HardeningChangeDto[];
}

class ComparisonDto {
  @ApiProperty() recommendationChanged!: boolean;
  @ApiProperty({ enum: PLACEMENT_OPTIONS, nullable: true }) from!: string | null;
  @ApiProperty({ enum: PLACEMENT_OPTIONS, nullable: true }) to!: string | null;
  @ApiProperty({ type: [ScoreChangeDto] }) scores!: ScoreChangeDto[];
  @ApiProperty({ type: [EligibilityChangeDto] }) eligibilityChanged!: EligibilityChangeDto[];
  @ApiProperty({ type: [RuntimeChangeDto], description: 'Options now scored and sized on another runtime' }) runtimesChanged!: RuntimeChangeDto[];
  @ApiProperty({ type: [MovedFactorDto] }) movedFactors!: MovedFactorDto[];
  @ApiProperty({ type: ChecklistComparisonDto, description: 'What the hardening checklist gained, lost and reworded' }) hardening!: ChecklistComparisonDto;
}

/** One side of a replay: an answer without the record's id, time and workload (the workload is given once, beside both). */
export class ReplaySideDto extends OmitType(EvaluationResponseDto, ['id', 'createdAt', 'workload'] as const) {}

export class ReplayResponseDto {
  @ApiProperty({ format: 'uuid' }) evaluationId!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) workload!: Record<string, unknown>;
  @ApiProperty({ type: ReplaySideDto, description: 'The stored answer' }) before!: ReplaySideDto;
  @ApiProperty({ type: ReplaySideDto, description: 'The answer under the requested version' }) after!: ReplaySideDto;
  @ApiProperty({ type: ComparisonDto }) changes!: ComparisonDto;
}
