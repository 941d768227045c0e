import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { RequireRole } from '../auth/auth.decorators.js';
import { ApiProblems } from '../common/api-problem-responses.js';
import { CursorField, MatrixVersionQueryField, PageLimitField } from '../common/field-decorators.js';
import { AuditService } from './audit.service.js';

export class AuditQueryDto {
  @MatrixVersionQueryField('version', 'Only this matrix version')
  version?: string;

  @PageLimitField(200, 50)
  limit?: number;

  @CursorField()
  cursor?: string;
}

class AuditEntryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty() version!: string;
  @ApiProperty({ enum: ['create', 'update', 'delete', 'publish', 'activate', 'deprecate'] }) action!: string;
  @ApiProperty({ description: 'Name of the key that acted' }) apiKeyName!: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'Immutable id of the key that acted (names can be reused); null in entries older than key ids' }) apiKeyId!: string | null;
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
  @ApiOperation({ operationId: 'listAuditEntries', summary: 'Matrix lifecycle actions, newest first (admin)' })
  @ApiOkResponse({ type: AuditPageDto })
  @ApiProblems(400, 401, 403)
  list(@Query() query: AuditQueryDto) {
    return this.audit.list(query);
  }
}
