import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Query, Res, UseInterceptors, type PipeTransform } from '@nestjs/common';
import { ApiBody, ApiExtraModels, ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiResponse, ApiSecurity, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentKey, type AuthenticatedKey } from '../auth/auth.decorators.js';
import { ApiConditionalGet, ApiProblems } from '../common/api-problem-responses.js';
import { AppError } from '../common/app-error.js';
import { addVary, textEtag } from '../common/conditional-get.js';
import { sendsPreSerialized } from '../common/pre-serialized.js';
import { HeavyRequestInterceptor } from '../common/heavy-request.interceptor.js';
import { EvaluationsService } from './evaluations.service.js';
import { BatchEvaluationDto } from './dto/batch.dto.js';
import { EvaluateQueryDto, ListEvaluationsQueryDto, ReplayQueryDto } from './dto/evaluation-query.dto.js';
import { BatchResponseDto, BatchSummaryResponseDto, EvaluationPageDto, EvaluationResponseDto, EvaluationSummaryDto, EvaluationSummaryPageDto, ReplayResponseDto } from './dto/evaluation-response.dto.js';
import type { AnswerView } from './evaluations.service.js';
import { WorkloadDto } from './dto/workload.dto.js';

/** RFC 9562: UUIDs compare case-insensitively; records are stored under the lower-case form. */
class LowerCasePipe implements PipeTransform<string, string> {
  transform(value: string): string {
    return value.toLowerCase();
  }
}

const EVALUATION_ID = [new ParseUUIDPipe({ exceptionFactory: () => new NotAnId() }), new LowerCasePipe()];

@ApiTags('evaluations')
@ApiSecurity('api-key')
@ApiSecurity('bearer')
@ApiProblems(401)
@ApiExtraModels(EvaluationSummaryDto, BatchSummaryResponseDto, EvaluationSummaryPageDto)
@Controller('v1/evaluations')
export class EvaluationsController {
  constructor(private readonly evaluations: EvaluationsService) {}

  @Post()
  @ApiOperation({ operationId: 'createEvaluation', summary: 'Recommend a placement for one workload and store the decision' })
  @ApiBody({ type: WorkloadDto })
  @ApiPreferReturn()
  @ApiResponse({ status: 201, type: EvaluationResponseDto, description: 'Stored; Location names the record. With Prefer: return=minimal, an EvaluationSummaryDto instead.' })
  @ApiOkResponse({ type: EvaluationResponseDto, description: 'dryRun=true: evaluated, nothing stored. With Prefer: return=minimal, an EvaluationSummaryDto instead.' })
  @ApiProblems(400, 403, 413, 415, 422, 429, 503)
  async create(@Body() workload: WorkloadDto, @Query() query: EvaluateQueryDto, @CurrentKey() key: AuthenticatedKey, @Headers('prefer') prefer: string | undefined, @Res({ passthrough: true }) reply: FastifyReply) {
    const answer = await this.evaluations.evaluateOne(workload, query, key, preferredView(prefer, reply));
    if (answer.id) void reply.status(HttpStatus.CREATED).header('location', `/v1/evaluations/${answer.id}`);
    else void reply.status(HttpStatus.OK);
    sendsPreSerialized(reply);
    return answer;
  }

  @Post('batch')
  @UseInterceptors(HeavyRequestInterceptor)
  @ApiOperation({ operationId: 'createEvaluationBatch', summary: 'Evaluate up to 1000 workloads in one transaction, with a count per recommendation' })
  @ApiPreferReturn()
  @ApiResponse({ status: 201, type: BatchResponseDto, description: 'Stored, all or none. With Prefer: return=minimal, a BatchSummaryResponseDto instead.' })
  @ApiOkResponse({ type: BatchResponseDto, description: 'dryRun=true: evaluated, nothing stored. With Prefer: return=minimal, a BatchSummaryResponseDto instead.' })
  @ApiProblems(400, 403, 413, 415, 422, 429, 503)
  async batch(@Body() body: BatchEvaluationDto, @Query() query: EvaluateQueryDto, @CurrentKey() key: AuthenticatedKey, @Headers('prefer') prefer: string | undefined, @Res({ passthrough: true }) reply: FastifyReply) {
    const answer = await this.evaluations.evaluateBatch(body.workloads, query, key, preferredView(prefer, reply));
    void reply.status(query.dryRun ? HttpStatus.OK : HttpStatus.CREATED);
    sendsPreSerialized(reply);
    return answer;
  }

  @Get()
  @ApiOperation({ operationId: 'listEvaluations', summary: 'Stored evaluations, newest first (evaluators see only their own)' })
  @ApiPreferReturn()
  @ApiOkResponse({ type: EvaluationPageDto, description: "With Prefer: return=minimal, an EvaluationSummaryPageDto instead: each record's decision, not its whole answer." })
  @ApiProblems(400)
  async list(@Query() query: ListEvaluationsQueryDto, @CurrentKey() key: AuthenticatedKey, @Headers('prefer') prefer: string | undefined, @Res({ passthrough: true }) reply: FastifyReply) {
    // The same URL has two representations, so a cache must key on the header that picks one.
    addVary(reply, 'Prefer');
    const page = await this.evaluations.list(query, key, preferredView(prefer, reply));
    sendsPreSerialized(reply);
    return page;
  }

  @Post(':id/replay')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ operationId: 'replayEvaluation', summary: 'Re-decide a stored evaluation under another matrix version (default: the active one), side by side; stores nothing' })
  @ApiOkResponse({ type: ReplayResponseDto })
  @ApiProblems(400, 403, 404, 422)
  replay(@Param('id', ...EVALUATION_ID) id: string, @Query() query: ReplayQueryDto, @CurrentKey() key: AuthenticatedKey) {
    return this.evaluations.replay(id, query, key);
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getEvaluation', summary: 'One stored evaluation; with Accept: text/markdown, the decision as an architecture decision record (MADR)' })
  @ApiProduces('application/json', 'text/markdown')
  @ApiOkResponse({
    description: 'JSON by default; Markdown when the Accept header asks for text/markdown',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(EvaluationResponseDto) } },
      'text/markdown': { schema: { type: 'string' }, example: '# Run "Checkout microservices" as Container\n\n- Status: proposed\n...' },
    },
  })
  @ApiConditionalGet()
  @ApiProblems(400, 404)
  async get(@Param('id', ...EVALUATION_ID) id: string, @CurrentKey() key: AuthenticatedKey, @Headers('accept') accept: string | undefined, @Res({ passthrough: true }) reply: FastifyReply) {
    // Each representation has its own ETag, and caches must key on Accept.
    addVary(reply, 'Accept');
    if (!prefersMarkdown(accept)) {
      const stored = await this.evaluations.get(id, key);
      // A record's bytes never change (written once, updates refused), so its id tags them: no hash of 12 KB per read.
      void reply.header('etag', `"${id}"`);
      sendsPreSerialized(reply);
      return stored;
    }
    const markdown = await this.evaluations.adr(id, key);
    void reply.type('text/markdown; charset=utf-8').header('content-disposition', `inline; filename="adr-${id}.md"`).header('etag', textEtag(markdown));
    return markdown;
  }
}

/** One preference's `return` value (RFC 7240 2: `token [BWS "=" BWS word]`, the word a token or quoted string), before its parameters. */
const RETURN_PREFERENCE = /^\s*return\s*=\s*(?:"([^"]*)"|([^\s;"]*))/i;

/**
 * RFC 7240: `Prefer: return=minimal` asks for the decision only; the answer says when it honoured that.
 * Preferences are comma-separated and the first `return` wins (RFC 7240 2: a recipient takes the first of a repeated preference).
 */
function preferredView(prefer: string | undefined, reply: FastifyReply): AnswerView {
  let minimal = false;
  if (prefer !== undefined) {
    for (const preference of prefer.split(',')) {
      const match = RETURN_PREFERENCE.exec(preference);
      if (!match) continue;
      minimal = (match[1] ?? match[2]).toLowerCase() === 'minimal';
      break;
    }
  }
  if (minimal) void reply.header('preference-applied', 'return=minimal');
  return minimal ? 'minimal' : 'full';
}

function ApiPreferReturn() {
  return ApiHeader({
    name: 'Prefer',
    required: false,
    description:
      'return=minimal: answer with the decision, its confidence and the record id only (schemas EvaluationSummaryDto, BatchSummaryResponseDto and EvaluationSummaryPageDto; Preference-Applied says so). The full answer is stored either way and GET /v1/evaluations/{id} returns it.',
    schema: { type: 'string', enum: ['return=minimal', 'return=representation'] },
  });
}

/** Markdown only when asked for by name and ranked above JSON; a browser's or client's default stays JSON. */
function prefersMarkdown(accept: string | undefined): boolean {
  if (!accept) return false;
  const q = (type: string) => {
    for (const part of accept.split(',')) {
      const [media, ...params] = part.trim().split(';');
      if (media?.trim().toLowerCase() !== type) continue;
      const weight = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return weight ? Number(weight.slice(2)) || 0 : 1;
    }
    return -1;
  };
  const markdown = q('text/markdown');
  return markdown > 0 && markdown >= q('application/json');
}

class NotAnId extends AppError {
  constructor() {
    super('VALIDATION_FAILED', 'id must be a UUID', [{ path: 'id', message: 'id must be a UUID' }]);
  }
}
