import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { RequireRole } from '../auth/auth.decorators.js';
import { ApiProblems } from '../common/api-problem-responses.js';
import { MATRIX_VERSION_PATTERN } from '../engine/index.js';
import { AuditService } from './audit.service.js';

export class AuditQueryDto {
  @ApiPropertyOptional({ description: 'Only this matrix version' })
  @IsOptional()
  @Matches(MATRIX_VERSION_PATTERN, { message: 'version must be 1-64 letters, digits, dots, dashes or underscores' })
  version?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor from the previous page' })
  @IsOptional()
  @Matches(/^[0-9a-f-]{36}$/, { message: 'cursor must be a nextCursor value from a previous page' })
  cursor?: string;
}

class AuditEntryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty() version!: string;
  @ApiProperty({ enum: ['create', 'update', 'delete', 'publish', 'activate', 'deprecate'] }) action!: string;
  @ApiProperty({ description: 'Name of the key that acted' }) apiKeyName!: string;
  @ApiProperty({ type: String, nullable: true, description: 'Checksum of the document after the action' }) checksum!: string | null;
}

class AuditPageDto {
  @ApiProperty({ type: [AuditEntryDto] }) items!: AuditEntryDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

@ApiTags('audit')
@ApiSecurity('api-key')
@ApiSecurity('bearer')
@Controller('v1/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @RequireRole('admin')
  @ApiOperation({ summary: 'Matrix lifecycle actions, newest first (admin)' })
  @ApiOkResponse({ type: AuditPageDto })
  @ApiProblems(400, 401, 403)
  list(@Query() query: AuditQueryDto) {
    return this.audit.list(query);
  }
}
