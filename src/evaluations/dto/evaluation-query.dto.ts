import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { MATRIX_VERSION_PATTERN, PLACEMENT_OPTIONS } from '../../engine/index.js';

const booleanQuery = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class EvaluateQueryDto {
  @ApiPropertyOptional({ description: 'Pin a matrix version; the active one when absent.', example: '2026.1' })
  @IsOptional()
  @Matches(MATRIX_VERSION_PATTERN, { message: 'matrixVersion must be 1-64 letters, digits, dots, dashes or underscores' })
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
  @IsIn(PLACEMENT_OPTIONS as unknown as string[])
  recommendation?: string;

  @ApiPropertyOptional({ example: '2026.1' })
  @IsOptional()
  @Matches(MATRIX_VERSION_PATTERN, { message: 'matrixVersion must be 1-64 letters, digits, dots, dashes or underscores' })
  matrixVersion?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor from the previous page.' })
  @IsOptional()
  @Matches(/^[0-9a-f-]{36}$/, { message: 'cursor must be a nextCursor value from a previous page' })
  cursor?: string;
}

export class ReplayQueryDto {
  @ApiPropertyOptional({ description: 'Version to replay under; the active one when absent. Drafts: admins only.', example: '2026.1' })
  @IsOptional()
  @Matches(MATRIX_VERSION_PATTERN, { message: 'matrixVersion must be 1-64 letters, digits, dots, dashes or underscores' })
  matrixVersion?: string;
}
