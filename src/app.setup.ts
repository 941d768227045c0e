import 'reflect-metadata';
import type { LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { parse as parseYaml } from 'yaml';
import { AppModule } from './app.module.js';
import { AppError } from './common/app-error.js';
import type { AppConfig } from './config/config.js';
import { ProblemDetailsFilter } from './common/problem-details.filter.js';
import { serveExplorer } from './explorer/serve-explorer.js';
import { createValidationPipe } from './common/validation.js';
import { loadMatrix } from './engine/index.js';
import { readShippedMatrix } from './matrices/shipped-matrices.js';

export const BODY_LIMIT_BYTES = 256 * 1024;
const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml'];

const LEVELS: LogLevel[] = ['error', 'warn', 'log', 'debug', 'verbose'];

/**
 * Builds the whole application exactly as production runs it; main.ts, the tests and the
 * OpenAPI script all come through here, so none of them can drift from the others.
 */
export async function createApp(config: AppConfig, options: { logger?: false } = {}): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({ bodyLimit: BODY_LIMIT_BYTES });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forConfig(config), adapter, {
    logger: options.logger === false ? false : LEVELS.slice(0, LEVELS.indexOf(config.logLevel) + 1),
  });
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.useGlobalPipes(createValidationPipe());
  setupSwagger(app);
  await serveExplorer(app);
  await app.init();
  const fastify = app.getHttpAdapter().getInstance();
  // The API speaks JSON (and YAML for matrices); a form post is a 415, not a confusing 400.
  // Nest registers its form parser during init, so it can only be taken out here.
  if (fastify.hasContentTypeParser('application/x-www-form-urlencoded')) fastify.removeContentTypeParser('application/x-www-form-urlencoded');
  fastify.addContentTypeParser(YAML_TYPES, { parseAs: 'string', bodyLimit: BODY_LIMIT_BYTES }, (_request, body, done) => {
    try {
      done(null, parseYaml(body as string, { maxAliasCount: 50 }));
    } catch (error) {
      done(new AppError('VALIDATION_FAILED', `The body is not valid YAML: ${(error as Error).message}`, [{ path: 'body', message: 'not valid YAML' }]), undefined);
    }
  });
  await fastify.ready();
  return app;
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
