import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { LogController } from 'fastify';
import type { AddressInfo } from 'node:net';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppModule } from './app.module.js';
import { ApiKeyService } from './auth/api-key.service.js';
import { AuthFailures } from './auth/auth-failures.js';
import { installRequestGate, LARGE_BODY_ROUTES, YAML_MEDIA_TYPES } from './auth/request-gate.js';
import { decodeUtf8Body, parseJsonBody, parseYamlBody } from './common/body-parsers.js';
import { problemResponse } from './common/api-problem-responses.js';
import { registerConditionalGet, registerPrivateCaching } from './common/conditional-get.js';
import { registerTurnEndWrites } from './common/turn-end-writes.js';
import { registerSecurityHeaders } from './common/security-headers.js';
import type { AppConfig } from './config/config.js';
import { PROBLEM_CONTENT_TYPE, ProblemDetailsFilter, sendProblem, toProblem } from './common/problem-details.filter.js';
import { serveExplorer } from './explorer/serve-explorer.js';
import { createValidationPipe } from './common/validation.js';
import { assertDictionaryCompression } from './evaluations/stored-response.js';
import { BatchEvaluationDto } from './evaluations/dto/batch.dto.js';
import { WorkloadDto } from './evaluations/dto/workload.dto.js';
import { loadMatrix } from './engine/index.js';
import { MatrixCatalogService } from './matrices/matrix-catalog.service.js';
import { readShippedMatrix } from './matrices/shipped-matrices.js';
import { registerEvaluationTelemetry } from './observability/evaluation-telemetry.js';
import { registerHttpObservability } from './observability/http-observability.js';
import { createLogger, NestPinoLogger, requestIdFor, TypeOrmPinoLogger, type LogOptions } from './observability/logger.js';
import { Metrics } from './observability/metrics.js';

export const BODY_LIMIT_BYTES = 256 * 1024;
/**
 * Whole matrix documents (POST /v1/matrices, PUT /v1/matrices/{version}; admin keys only, which
 * the request gate checks before the body is read): the default matrix exported as indented
 * JSON is over 256 KB.
 */
export const MATRIX_BODY_LIMIT_BYTES = 2 * 1024 * 1024;
/** Larger headers get Node's own 431; no API header needs more. */
export const MAX_HEADER_BYTES = 16 * 1024;

/**
 * Helmet's default policy minus upgrade-insecure-requests (the service itself speaks plain
 * HTTP, often behind a TLS proxy, and its docs must load either way), and never framed.
 * Swagger UI loads its scripts from this origin and needs inline styles and data: images.
 */
const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  baseUri: ["'self'"],
  connectSrc: ["'self'"],
  fontSrc: ["'self'", 'data:'],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  imgSrc: ["'self'", 'data:'],
  objectSrc: ["'none'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  upgradeInsecureRequests: null,
};

/** Only allow-listed origins get CORS headers; any other origin gets none, and its preflight a 404. */
function corsOptions(origins: string[]) {
  const allowed = new Set(origins);
  return {
    origin: (origin: string | undefined, done: (error: Error | null, allow: string | false) => void) => done(null, origin !== undefined && allowed.has(origin) ? origin : false),
    methods: ['GET', 'POST', 'PUT', 'DELETE'],
    allowedHeaders: ['Content-Type', 'X-API-Key', 'Authorization', 'If-Match', 'If-None-Match', 'X-Request-Id', 'Prefer'],
    exposedHeaders: ['ETag', 'Location', 'X-Request-Id', 'Preference-Applied', 'Retry-After', 'WWW-Authenticate'],
    maxAge: 600,
  };
}

export interface CreateAppOptions {
  /** false: no log output at all (the OpenAPI script, benchmarks). */
  logger?: false;
  /** Where the JSON log lines go instead of stdout (tests read them). */
  logDestination?: LogOptions['destination'];
  /** false: metrics record nothing (only the HTTP benchmark's baseline uses this). */
  metrics?: false;
}

/**
 * Builds the whole application exactly as production runs it; main.ts, the tests and the
 * OpenAPI script all come through here, so none of them can drift from the others.
 */
export async function createApp(config: AppConfig, options: CreateAppOptions = {}): Promise<NestFastifyApplication> {
  const { limits } = config;
  assertDictionaryCompression();
  const log = createLogger(config, { silent: options.logger === false, destination: options.logDestination });
  const metrics = new Metrics(options.metrics !== false);
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    loggerInstance: log,
    // One line per request, written by the onResponse hook with the fields that matter here.
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'requestId' }),
    requestIdHeader: false,
    genReqId: requestIdFor,
    // A client that trickles its headers or body is cut off; Node checks the deadlines every second.
    requestTimeout: limits.requestTimeoutMs,
    http: { headersTimeout: limits.headersTimeoutMs, connectionsCheckingInterval: 1000, maxHeaderSize: MAX_HEADER_BYTES },
    // Idle keep-alive outlasts the usual 60 s of load balancers, so they close first and never
    // send a request on a connection this side is closing (KEEP_ALIVE_TIMEOUT_MS).
    keepAliveTimeout: config.keepAliveTimeoutMs,
    trustProxy: limits.trustedProxies.length > 0 ? limits.trustedProxies : false,
    maxRequestsPerSocket: limits.maxRequestsPerConnection,
    // Rejections Fastify makes before routing (a malformed URL) are problem+json like the rest.
    frameworkErrors: (error: Error, request: FastifyRequest, reply: FastifyReply) => sendProblem(reply, toProblem(error, request.url)),
  });
  registerHttpObservability(adapter.getInstance(), metrics);
  registerEvaluationTelemetry(adapter.getInstance(), metrics);
  registerConditionalGet(adapter.getInstance());
  registerPrivateCaching(adapter.getInstance());
  registerTurnEndWrites(adapter.getInstance());
  const typeormLogger = new TypeOrmPinoLogger(log, () => metrics.databaseErrors.inc());
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forConfig(config, { metrics, typeormLogger }), adapter, {
    logger: new NestPinoLogger(log),
  });
  registerSecurityHeaders(app.getHttpAdapter().getInstance(), { contentSecurityPolicy: { directives: CSP_DIRECTIVES } });
  if (config.corsOrigins.length > 0) app.enableCors(corsOptions(config.corsOrigins));
  app.useGlobalFilters(new ProblemDetailsFilter());
  // The hot bodies: validated by a compiled schema first, class-validator only when that refuses.
  app.useGlobalPipes(createValidationPipe([WorkloadDto, BatchEvaluationDto]));
  setupSwagger(app);
  await serveExplorer(app);
  const fastify = app.getHttpAdapter().getInstance();
  // Before init, so that the hook applies to every route Nest registers and to the 404 handler.
  installRequestGate(fastify, app.get(ApiKeyService), app.get(AuthFailures), limits);
  fastify.addHook('onRoute', (route) => {
    if (LARGE_BODY_ROUTES.has(`${[route.method].flat().join()} ${route.url}`)) route.bodyLimit = MATRIX_BODY_LIMIT_BYTES;
  });
  await app.init();
  installBodyParsers(fastify);
  await fastify.ready();
  app.getHttpServer().maxConnections = limits.maxConnections;
  return app;
}

/**
 * The API speaks JSON, and YAML for matrix documents and manifests (the request gate refuses YAML on any
 * other route before it is read). Nest registers its parsers during init, so they can only
 * be replaced here: a form or plain-text post is a 415, not a confusing 400.
 */
function installBodyParsers(fastify: FastifyInstance): void {
  for (const type of ['application/x-www-form-urlencoded', 'text/plain', 'application/json']) {
    if (fastify.hasContentTypeParser(type)) fastify.removeContentTypeParser(type);
  }
  // As bytes: Fastify's own decoding would replace invalid UTF-8 with U+FFFD instead of refusing it.
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: BODY_LIMIT_BYTES }, (_request, body, done) => {
    try {
      done(null, parseJsonBody(decodeUtf8Body(body as Buffer)));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  fastify.addContentTypeParser(YAML_MEDIA_TYPES, { parseAs: 'buffer', bodyLimit: BODY_LIMIT_BYTES }, (_request, body, done) => {
    try {
      done(null, parseYamlBody(decodeUtf8Body(body as Buffer)));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
}

/** Listens on HOST:PORT and logs the address actually bound and the matrix version in use. */
export async function listen(app: NestFastifyApplication, config: AppConfig): Promise<string> {
  await app.listen({ port: config.port, host: config.host });
  const address = app.getHttpServer().address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  const matrix = await app
    .get(MatrixCatalogService)
    .resolve()
    .then(
      ({ matrix }) => matrix.version,
      () => 'none active',
    );
  new Logger('Main').log(`Listening on ${url} (matrix ${matrix}, docs at ${url}/docs, database ${config.databaseUrl.replace(/\/\/[^@]*@/, '//***@')})`);
  return url;
}

export function buildOpenApiDocument(app: NestFastifyApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Placement decision service')
    .setDescription(
      'Tells teams where a workload should run: container, microVM, VM, or containers inside per-tenant VMs (hybrid). ' +
        'Every answer is scored against a versioned decision matrix, explained, and stored with the matrix version and checksum so it can be replayed. ' +
        'Errors are RFC 9457 application/problem+json.',
    )
    .setVersion('1')
    .setLicense('Apache-2.0', 'https://www.apache.org/licenses/LICENSE-2.0')
    // The service is self-hosted: every deployment has its own origin, so the server is a
    // template whose defaults are what `npm start` listens on (Swagger UI uses the page's
    // origin instead, see setupSwagger).
    .addServer('{scheme}://{host}', 'Where this deployment of the service runs', {
      scheme: { enum: ['http', 'https'], default: 'http', description: 'https behind a TLS-terminating proxy' },
      host: { default: 'localhost:3000', description: 'Host name and port (HOST and PORT of the service, or the proxy in front of it)' },
    })
    .addTag('evaluations', 'Ask for a placement, read stored decisions, replay one under another matrix')
    .addTag('matrices', 'Decision matrix versions: read, author, publish, activate, diff, impact')
    .addTag('workloads', 'Draft a workload request from a Kubernetes manifest')
    .addTag('audit', 'Who changed which matrix version, and when')
    .addTag('health', 'Liveness and readiness probes for orchestrators; no key needed')
    .addTag('operations', 'Metrics for Prometheus')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'An API key issued by the service operator (role evaluator or admin); an opaque secret, not a JWT' }, 'api-key')
    // addBearerAuth would label the token a JWT; it is the same opaque API key.
    .addSecurity('bearer', { type: 'http', scheme: 'bearer', description: 'The same API key sent as Authorization: Bearer <key>' })
    .addSecurity('metrics-token', { type: 'http', scheme: 'bearer', description: 'METRICS_TOKEN of the service, for GET /metrics only' })
    .addSecurityRequirements('api-key')
    .addSecurityRequirements('bearer')
    .addGlobalResponse({ status: 500, description: 'Unexpected failure; requestId names the log line that explains it', content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/Problem' } } } })
    .build();
  const document = SwaggerModule.createDocument(app, config);
  document.components ??= {};
  document.components.schemas ??= {};
  document.components.schemas.Problem = {
    type: 'object',
    required: ['type', 'title', 'status', 'detail'],
    properties: {
      type: { type: 'string', example: '/problems/validation-failed' },
      title: { type: 'string' },
      status: { type: 'integer' },
      detail: { type: 'string' },
      instance: { type: 'string', description: 'The request path' },
      requestId: { type: 'string', description: 'The X-Request-Id of this request, also on its log line' },
      errors: { type: 'array', items: { type: 'object', properties: { path: { type: 'string', example: 'scale.instances' }, message: { type: 'string' } } } },
    },
  };
  addWorkloadExamples(document);
  addRateLimitResponses(document);
  return document;
}

/**
 * Every request is counted per client address and, once authenticated, per key, so any
 * operation that needs a key (or METRICS_TOKEN) can answer 429; the health probes are left out
 * (.redocly.lint-ignore.yaml, and a probe's caller is the orchestrator).
 */
function addRateLimitResponses(document: OpenAPIObject): void {
  for (const [path, item] of Object.entries(document.paths)) {
    if (path.startsWith('/health/')) continue;
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const operation = item[method];
      if (operation && !operation.responses['429']) operation.responses['429'] = problemResponse(429);
    }
  }
}

/** The domain brief's examples, straight from the default matrix, ready to send from Swagger UI. */
function addWorkloadExamples(document: OpenAPIObject): void {
  const content = document.paths['/v1/evaluations']?.post?.requestBody;
  if (!content || !('content' in content)) return;
  const examples = loadMatrix(readShippedMatrix()).document.examples;
  content.content['application/json'].examples = Object.fromEntries(examples.map((e) => [e.id, { summary: `${e.description} (expect ${e.expected})`, value: e.workload }]));
}

function setupSwagger(app: NestFastifyApplication): void {
  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: 'docs-json',
    // Try it out must call the server that serves the page, wherever it runs.
    patchDocumentOnRequest: (_request, _reply, document) => ({ ...document, servers: undefined }),
    swaggerOptions: { persistAuthorization: true, displayRequestDuration: true },
  });
}
