import { Body, Controller, Delete, Get, Headers, HttpCode, HttpStatus, Param, Post, Put, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiHeader, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentKey, RequireRole, type AuthenticatedKey } from '../auth/auth.decorators.js';
import { ApiConditionalGet, ApiProblems } from '../common/api-problem-responses.js';
import { MatrixCatalogService } from './matrix-catalog.service.js';
import { MatrixLifecycleService, etagOf } from './matrix-lifecycle.service.js';
import { MatrixDiffDto, MatrixListDto, MatrixViewDto, toMatrixSummary, toMatrixView } from './dto/matrix-view.dto.js';
import type { MatrixVersion } from './matrix-version.entity.js';

const MATRIX_BODY = {
  description: 'A whole matrix document (the shape of GET /v1/matrices/{version} `document`), as JSON or YAML. Its own `version` names the new version.',
  schema: { type: 'object' as const, additionalProperties: true },
};

@ApiTags('matrices')
@ApiSecurity('api-key')
@ApiSecurity('bearer')
@ApiProblems(401)
@Controller('v1/matrices')
export class MatricesController {
  constructor(
    private readonly catalog: MatrixCatalogService,
    private readonly lifecycle: MatrixLifecycleService,
  ) {}

  @Get()
  @ApiOperation({ operationId: 'listMatrices', summary: 'Matrix versions with status, checksum and timestamps (drafts only for admins)' })
  @ApiOkResponse({ type: MatrixListDto })
  async list(@CurrentKey() key: AuthenticatedKey): Promise<MatrixListDto> {
    return { items: (await this.catalog.list(key)).map(toMatrixSummary) };
  }

  @Get('active')
  @ApiOperation({ operationId: 'getActiveMatrix', summary: 'The version new evaluations use by default' })
  @ApiOkResponse({ type: MatrixViewDto })
  @ApiConditionalGet()
  async active(@Res({ passthrough: true }) reply: FastifyReply): Promise<MatrixViewDto> {
    return withEtag(reply, await this.catalog.getActive());
  }

  @Get(':version')
  @ApiOperation({ operationId: 'getMatrix', summary: 'One matrix version with its document; the ETag is what If-Match needs' })
  @ApiOkResponse({ type: MatrixViewDto })
  @ApiConditionalGet()
  @ApiProblems(404)
  async get(@Param('version') version: string, @CurrentKey() key: AuthenticatedKey, @Res({ passthrough: true }) reply: FastifyReply): Promise<MatrixViewDto> {
    return withEtag(reply, await this.catalog.get(version, key));
  }

  @Get(':from/diff/:to')
  @ApiOperation({ operationId: 'diffMatrices', summary: 'What changed from one version to another, item by item, with a readable summary' })
  @ApiOkResponse({ type: MatrixDiffDto })
  @ApiProblems(404)
  async diff(@Param('from') from: string, @Param('to') to: string, @CurrentKey() key: AuthenticatedKey) {
    return this.lifecycle.diff(from, to, key);
  }

  @Post()
  @RequireRole('admin')
  @ApiOperation({ operationId: 'createMatrixDraft', summary: 'Create a draft from a matrix document (admin)' })
  @ApiConsumes('application/json', 'application/yaml')
  @ApiBody(MATRIX_BODY)
  @ApiResponse({ status: 201, type: MatrixViewDto, description: 'Draft created; Location and ETag set' })
  @ApiProblems(400, 403, 409, 413, 422)
  async create(@Body() document: unknown, @CurrentKey() key: AuthenticatedKey, @Res({ passthrough: true }) reply: FastifyReply): Promise<MatrixViewDto> {
    const row = await this.lifecycle.create(document, key);
    void reply.status(HttpStatus.CREATED).header('location', `/v1/matrices/${encodeURIComponent(row.version)}`);
    return withEtag(reply, row);
  }

  @Put(':version')
  @RequireRole('admin')
  @ApiOperation({ operationId: 'replaceMatrixDraft', summary: 'Replace a draft (admin); If-Match must carry the current ETag' })
  @ApiConsumes('application/json', 'application/yaml')
  @ApiHeader({ name: 'If-Match', required: true, description: 'ETag from the last read of this draft' })
  @ApiBody(MATRIX_BODY)
  @ApiOkResponse({ type: MatrixViewDto })
  @ApiProblems(400, 403, 404, 409, 412, 422, 428)
  async replace(@Param('version') version: string, @Body() document: unknown, @Headers('if-match') ifMatch: string | undefined, @CurrentKey() key: AuthenticatedKey, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.lifecycle.replace(version, document, ifMatch, key));
  }

  @Delete(':version')
  @RequireRole('admin')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ operationId: 'deleteMatrixDraft', summary: 'Delete a draft (admin); If-Match is checked when sent' })
  @ApiHeader({ name: 'If-Match', required: false })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiProblems(403, 404, 409, 412)
  async remove(@Param('version') version: string, @Headers('if-match') ifMatch: string | undefined, @CurrentKey() key: AuthenticatedKey): Promise<void> {
    await this.lifecycle.remove(version, ifMatch, key);
  }

  @Post(':version/publish')
  @RequireRole('admin')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ operationId: 'publishMatrixDraft', summary: 'Publish a draft if every one of its examples gives its expected answer (admin)' })
  @ApiOkResponse({ type: MatrixViewDto })
  @ApiProblems(403, 404, 409, 422)
  async publish(@Param('version') version: string, @CurrentKey() key: AuthenticatedKey, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.lifecycle.publish(version, key));
  }

  @Post(':version/activate')
  @RequireRole('admin')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ operationId: 'activateMatrix', summary: 'Make a published version the default for new evaluations; activating an older one rolls back (admin)' })
  @ApiOkResponse({ type: MatrixViewDto })
  @ApiProblems(403, 404, 409)
  async activate(@Param('version') version: string, @CurrentKey() key: AuthenticatedKey, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.lifecycle.activate(version, key));
  }

  @Post(':version/deprecate')
  @RequireRole('admin')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ operationId: 'deprecateMatrix', summary: 'Deprecate a published version: still usable when pinned, never the default (admin)' })
  @ApiOkResponse({ type: MatrixViewDto })
  @ApiProblems(403, 404, 409)
  async deprecate(@Param('version') version: string, @CurrentKey() key: AuthenticatedKey, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.lifecycle.deprecate(version, key));
  }
}

function withEtag(reply: FastifyReply, row: MatrixVersion): MatrixViewDto {
  void reply.header('etag', etagOf(row));
  return toMatrixView(row);
}
