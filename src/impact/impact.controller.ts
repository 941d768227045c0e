import { Controller, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsISO8601, IsInt, IsOptional, Max, Min } from 'class-validator';
import { CurrentKey, RequireRole, type AuthenticatedKey } from '../auth/auth.decorators.js';
import { ApiProblems } from '../common/api-problem-responses.js';
import { ImpactService } from './impact.service.js';

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

class MovedFactorDto {
  @ApiProperty() criterion!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: Number, nullable: true }) importanceBefore!: number | null;
  @ApiProperty({ type: Number, nullable: true }) importanceAfter!: number | null;
  @ApiProperty({ description: 'Points this criterion moved towards the new recommendation' }) swing!: number;
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

class ImpactReportDto {
  @ApiProperty({ type: ImpactCandidateDto }) candidate!: ImpactCandidateDto;
  @ApiProperty({ type: ImpactWindowDto }) window!: ImpactWindowDto;
  @ApiProperty() changed!: number;
  @ApiProperty() unchanged!: number;
  @ApiProperty({ type: [TransitionDto], description: 'Old recommendation to new, with counts (unchanged pairs included)' }) transitions!: TransitionDto[];
  @ApiProperty({ type: [ChangedDecisionDto] }) changes!: ChangedDecisionDto[];
}

@ApiTags('matrices')
@ApiSecurity('api-key')
@ApiSecurity('bearer')
@Controller('v1/matrices')
export class ImpactController {
  constructor(private readonly impact: ImpactService) {}

  @Post(':version/impact')
  @RequireRole('admin')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Re-decide stored evaluations under a draft or published version and report what would change (admin; stores nothing)' })
  @ApiOkResponse({ type: ImpactReportDto })
  @ApiProblems(400, 401, 403, 404)
  report(@Param('version') version: string, @Query() query: ImpactQueryDto, @CurrentKey() key: AuthenticatedKey) {
    return this.impact.impact(version, query, key);
  }
}
