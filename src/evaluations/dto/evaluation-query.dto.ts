import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { CursorField, MatrixVersionQueryField, PageLimitField } from '../../common/field-decorators.js';
import { PLACEMENT_OPTIONS } from '../../engine/index.js';

const booleanQuery = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class EvaluateQueryDto {
  @MatrixVersionQueryField('matrixVersion', 'Pin a matrix version; the active one when absent.')
  matrixVersion?: string;

  @ApiPropertyOptional({ description: 'Evaluate without storing anything (answers 200).', default: false })
  @IsOptional()
  @Transform(booleanQuery)
  @IsBoolean({ message: 'dryRun must be true or false' })
  dryRun?: boolean;
}

export class ListEvaluationsQueryDto {
  @ApiPropertyOptional({ description: 'Exact workload name.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  workload?: string;

  @ApiPropertyOptional({ enum: PLACEMENT_OPTIONS })
  @IsOptional()
  @IsIn(PLACEMENT_OPTIONS)
  recommendation?: string;

  @MatrixVersionQueryField('matrixVersion', 'Only decisions made under this version.')
  matrixVersion?: string;

  @PageLimitField(100, 20)
  limit?: number;

  @CursorField()
  cursor?: string;
}

export class ReplayQueryDto {
  @MatrixVersionQueryField('matrixVersion', 'Version to replay under; the active one when absent. Drafts: admins only.')
  matrixVersion?: string;
}
