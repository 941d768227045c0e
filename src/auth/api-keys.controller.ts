import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, Matches } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { ApiProblems } from '../common/api-problem-responses.js';
import { AppError } from '../common/app-error.js';
import { assertReachableName } from '../common/reserved-names.js';
import type { StoredApiKey } from './api-key.entity.js';
import { ApiKeyService } from './api-key.service.js';
import { KEY_NAME_PATTERN } from './api-key-store.js';
import { CurrentKey, RequireRole, type AuthenticatedKey } from './auth.decorators.js';

const MAX_LIFETIME_DAYS = 3660;

export class CreateApiKeyDto {
  @ApiProperty({ description: "A label for people: 1-100 letters, digits, dots, dashes or underscores. Unique among active keys; records belong to the key's id, not its name.", example: 'ci-pipeline' })
  @Matches(KEY_NAME_PATTERN, { message: 'name must be 1-100 letters, digits, dots, dashes or underscores' })
  name!: string;

  @ApiProperty({ enum: ['evaluator', 'admin'] })
  @IsIn(['evaluator', 'admin'])
  role!: 'evaluator' | 'admin';

  @ApiPropertyOptional({ format: 'date-time', description: 'When the key stops working (at most ten years ahead); never when absent.' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'expiresAt must be an ISO 8601 date-time' })
  expiresAt?: string;
}

export class ApiKeyDto {
  @ApiProperty({ format: 'uuid', description: 'Immutable; what stored evaluations belong to' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['evaluator', 'admin'] }) role!: string;
  @ApiProperty({ enum: ['config', 'bootstrap', 'api', 'legacy'], description: 'API_KEYS, the first start, this API or the CLI, or a name from before keys had ids' }) source!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, nullable: true }) createdBy!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) expiresAt!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) revokedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time', description: 'Recorded to the minute' }) lastUsedAt!: string | null;
}

export class CreatedApiKeyDto extends ApiKeyDto {
  @ApiProperty({ description: 'The secret, shown this once; only its SHA-256 is stored' }) secret!: string;
}

class ApiKeyListDto {
  @ApiProperty({ type: [ApiKeyDto] }) items!: ApiKeyDto[];
}

const view = (row: StoredApiKey): ApiKeyDto => ({
  id: row.id,
  name: row.name,
  role: row.role,
  source: row.source,
  createdAt: row.createdAt,
  createdBy: row.createdBy,
  expiresAt: row.expiresAt,
  revokedAt: row.revokedAt,
  lastUsedAt: row.lastUsedAt,
});

@ApiTags('api-keys')
@ApiSecurity('api-key')
@ApiSecurity('bearer')
@ApiProblems(401, 403)
@RequireRole('admin')
@Controller('v1/api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeyService) {}

  @Post()
  @ApiOperation({ operationId: 'createApiKey', summary: 'Create a key (admin); the answer carries its secret, once' })
  @ApiCreatedResponse({ type: CreatedApiKeyDto })
  @ApiProblems(400, 409)
  async create(@Body() body: CreateApiKeyDto, @CurrentKey() by: AuthenticatedKey, @Res({ passthrough: true }) reply: FastifyReply): Promise<CreatedApiKeyDto> {
    // DELETE /v1/api-keys/{name} must be able to reach it.
    assertReachableName('name', body.name);
    let expiresAt: string | undefined;
    if (body.expiresAt !== undefined) {
      const at = Date.parse(body.expiresAt);
      if (!(at > Date.now()) || at > Date.now() + MAX_LIFETIME_DAYS * 86_400_000) {
        throw new AppError('VALIDATION_FAILED', 'expiresAt must lie in the future, at most ten years ahead', [{ path: 'expiresAt', message: 'expiresAt must lie in the future, at most ten years ahead' }]);
      }
      expiresAt = new Date(at).toISOString();
    }
    const { row, secret } = await this.keys.create({ name: body.name, role: body.role, expiresAt }, by);
    void reply.status(HttpStatus.CREATED).header('cache-control', 'no-store');
    return { ...view(row), secret };
  }

  @Get()
  @ApiOperation({ operationId: 'listApiKeys', summary: 'Every key, revoked ones included, without secrets (admin)' })
  @ApiOkResponse({ type: ApiKeyListDto })
  async list(): Promise<ApiKeyListDto> {
    return { items: (await this.keys.list()).map(view) };
  }

  @Delete(':name')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ operationId: 'revokeApiKey', summary: 'Revoke the active key of this name (admin); every replica refuses it within a second' })
  @ApiNoContentResponse({ description: 'Revoked' })
  @ApiProblems(404)
  async revoke(@Param('name') name: string): Promise<void> {
    await this.keys.revoke(name);
  }
}
