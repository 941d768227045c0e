import 'reflect-metadata';
import type { LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppModule } from './app.module.js';
import { ApiKeyService } from './auth/api-key.service.js';
import { AuthFailures } from './auth/auth-failures.js';
import { installRequestGate, YAML_MEDIA_TYPES } from './auth/request-gate.js';
import { checkJsonDepth, parseYamlBody } from './common/body-parsers.js';
import type { AppConfig } from './config/config.js';
import { ProblemDetailsFilter, sendProblem, toProblem } from './common/problem-details.filter.js';
import { serveExplorer } from './explorer/serve-explorer.js';
import { createValidationPipe } from './common/validation.js';
import { loadMatrix } from './engine/index.js';
import { readShippedMatrix } from './matrices/shipped-matrices.js';

export const BODY_LIMIT_BYTES = 256 * 1024;
/** Larger headers get Node's own 431; no API header needs more. */
export const MAX_HEADER_BYTES = 16 * 1024;

const LEVELS: LogLevel[] = ['error', 'warn', 'log', 'debug', 'verbose'];

/**
 * Builds the whole application exactly as production runs it; main.ts, the tests and the
 * OpenAPI script all come through here, so none of them can drift from the others.
 */
export async function createApp(config: AppConfig, options: { logger?: false } = {}): Promise<NestFastifyApplication> {
  const { limits } = config;
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    // A client that trickles its headers or body is cut off; Node checks the deadlines every second.
    requestTimeout: limits.requestTimeoutMs,
    http: { headersTimeout: limits.headersTimeoutMs, connectionsCheckingInterval: 1000, maxHeaderSize: MAX_HEADER_BYTES },
    keepAliveTimeout: 5000,
    trustProxy: limits.trustedProxies.length > 0 ? limits.trustedProxies : false,
    maxRequestsPerSocket: 1000,
    // Rejections Fastify makes before routing (a malformed URL) are problem+json like the rest.
    frameworkErrors: (error: Error, request: FastifyRequest, reply: FastifyReply) => sendProblem(reply, toProblem(error, request.url)),
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forConfig(config), adapter, {
    logger: options.logger === false ? false : LEVELS.slice(0, LEVELS.indexOf(config.logLevel) + 1),
  });
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.useGlobalPipes(createValidationPipe());
  setupSwagger(app);
  await serveExplorer(app);
  const fastify = app.getHttpAdapter().getInstance();
  // Before init, so that the hook applies to every route Nest registers and to the 404 handler.
  installRequestGate(fastify, app.get(ApiKeyService), app.get(AuthFailures), limits);
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
  // __proto__ and constructor.prototype are refused (400), as Fastify's default does.
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: BODY_LIMIT_BYTES }, (request, body, done) => {
    try {
      checkJsonDepth(body as string);
    } catch (error) {
      return done(error as Error, undefined);
    }
    parseJson(request, body as string, done);
  });
  fastify.addContentTypeParser(YAML_MEDIA_TYPES, { parseAs: 'string', bodyLimit: BODY_LIMIT_BYTES }, (_request, body, done) => {
    try {
      done(null, parseYamlBody(body as string));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
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
    .addTag('evaluations', 'Ask for a placement, read stored decisions, replay one under another matrix')
    .addTag('matrices', 'Decision matrix versions: read, author, publish, activate, diff, impact')
    .addTag('workloads', 'Draft a workload request from a Kubernetes manifest')
    .addTag('audit', 'Who changed which matrix version, and when')
    .addTag('health')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'An API key (evaluator or admin)' }, 'api-key')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'The same API key as a bearer token' }, 'bearer')
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
      instance: { type: 'string' },
      errors: { type: 'array', items: { type: 'object', properties: { path: { type: 'string', example: 'scale.instances' }, message: { type: 'string' } } } },
    },
  };
  addWorkloadExamples(document);
  return document;
}

/** The domain brief's examples, straight from the default matrix, ready to send from Swagger UI. */
function addWorkloadExamples(document: OpenAPIObject): void {
  const content = document.paths['/v1/evaluations']?.post?.requestBody;
  if (!content || !('content' in content)) return;
  const examples = loadMatrix(readShippedMatrix()).document.examples;
  content.content['application/json']!.examples = Object.fromEntries(
    examples.map((e) => [e.id, { summary: `${e.description} (expect ${e.expected})`, value: e.workload }]),
  );
}

function setupSwagger(app: NestFastifyApplication): void {
  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: 'docs-json',
    swaggerOptions: { persistAuthorization: true, displayRequestDuration: true },
  });
}
