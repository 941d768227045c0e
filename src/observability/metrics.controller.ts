import { Controller, ForbiddenException, Get, Inject, Req, Res, UnauthorizedException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHash, timingSafeEqual } from 'node:crypto';
import { ApiKeyService } from '../auth/api-key.service.js';
import { Public, type AuthenticatedKey } from '../auth/auth.decorators.js';
import { ApiProblems } from '../common/api-problem-responses.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { Metrics } from './metrics.js';

const digest = (secret: string) => createHash('sha256').update(secret).digest();

/**
 * Prometheus scrape endpoint. A scraper gets METRICS_TOKEN as a bearer token, so it needs
 * no API key that could also call the API; an admin key works too, for a person looking.
 */
@ApiTags('operations')
@ApiSecurity('metrics-token')
@ApiSecurity('api-key')
@ApiSecurity('bearer')
@Public()
@Controller('metrics')
export class MetricsController {
  private readonly token: Buffer | undefined;

  constructor(
    private readonly metrics: Metrics,
    private readonly keys: ApiKeyService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.token = config.metricsToken ? digest(config.metricsToken) : undefined;
  }

  @Get()
  @ApiOperation({ operationId: 'getMetrics', summary: 'Prometheus metrics, for METRICS_TOKEN or an admin key' })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus text exposition format 0.0.4', schema: { type: 'string' } })
  @ApiProblems(401, 403)
  async scrape(@Req() request: FastifyRequest & { apiKey?: AuthenticatedKey }, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const bearer = request.headers.authorization?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim();
    const header = request.headers['x-api-key'];
    const secret = typeof header === 'string' ? header.trim() : bearer;
    if (!secret) throw new UnauthorizedException('Send METRICS_TOKEN as a bearer token, or an admin API key.');
    if (this.token && bearer && timingSafeEqual(digest(bearer), this.token)) {
      request.apiKey = { id: 'metrics-token', name: 'metrics-token', role: 'evaluator' };
    } else {
      const key = await this.keys.resolve(secret);
      if (!key) throw new UnauthorizedException('The token or API key is not valid.');
      request.apiKey = key;
      if (key.role !== 'admin') throw new ForbiddenException(`Key '${key.name}' has role ${key.role}; metrics need an admin key or METRICS_TOKEN.`);
    }
    void reply.header('content-type', this.metrics.registry.contentType).header('cache-control', 'no-store');
    return this.metrics.registry.metrics();
  }
}
