import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsISO8601, IsInt, IsOptional, Max, Min } from 'class-validator';
import { MovedFactorDto } from '../../evaluations/dto/evaluation-response.dto.js';

export class ImpactQueryDto {
  @ApiPropertyOptional({ format: 'date-time', description: 'Only evaluations stored at or after this time' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'since must be an ISO 8601 date-time' })
  since?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 10000, default: 10000, description: 'The latest this many evaluations' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10000)
  limit?: number;
}

class TransitionDto {
  @ApiProperty({ enum: ['container', 'microvm', 'vm', 'hybrid', 'none'] }) from!: string;
  @ApiProperty({ enum: ['container', 'microvm', 'vm', 'hybrid', 'none'] }) to!: string;
  @ApiProperty() count!: number;
}

class ChangedDecisionDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() workload!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ description: 'Version the stored decision used' }) matrixVersion!: string;
  @ApiProperty({ type: String, nullable: true }) from!: string | null;
  @ApiProperty({ type: String, nullable: true }) to!: string | null;
  @ApiProperty({ type: [MovedFactorDto] }) movedFactors!: MovedFactorDto[];
}

class ImpactCandidateDto {
  @ApiProperty() version!: string;
  @ApiProperty() checksum!: string;
  @ApiProperty() status!: string;
}

class ImpactWindowDto {
  @ApiProperty({ type: String, nullable: true }) since!: string | null;
  @ApiProperty() limit!: number;
  @ApiProperty({ description: 'Stored evaluations re-decided' }) evaluated!: number;
  @ApiProperty({ type: String, nullable: true }) oldest!: string | null;
  @ApiProperty({ type: String, nullable: true }) newest!: string | null;
}

export class ImpactReportDto {
  @ApiProperty({ type: ImpactCandidateDto }) candidate!: ImpactCandidateDto;
  @ApiProperty({ type: ImpactWindowDto }) window!: ImpactWindowDto;
  @ApiProperty() changed!: number;
  @ApiProperty() unchanged!: number;
  @ApiProperty({ type: [TransitionDto], description: 'Old recommendation to new, with counts (unchanged pairs included)' }) transitions!: TransitionDto[];
  @ApiProperty({ type: [ChangedDecisionDto] }) changes!: ChangedDecisionDto[];
}
