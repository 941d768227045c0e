import { ArgumentsHost, Catch, HttpException, type ExceptionFilter } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';
import { EngineError, type EngineErrorCode } from '../engine/index.js';
import { AppError, type AppErrorCode, type FieldProblem } from './app-error.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: FieldProblem[];
  [extension: string]: unknown;
}

/** How one kind of error is told to the client. */
interface ProblemSpec {
  status: number;
  slug: string;
  title: string;
}

const APP_ERRORS: Record<AppErrorCode, ProblemSpec> = {
  VALIDATION_FAILED: { status: 400, slug: 'validation-failed', title: 'The request is not valid' },
  EVALUATION_NOT_FOUND: { status: 404, slug: 'evaluation-not-found', title: 'No such evaluation' },
  MATRIX_NOT_FOUND: { status: 404, slug: 'matrix-not-found', title: 'No such matrix version' },
  MATRIX_VERSION_UNKNOWN: { status: 422, slug: 'matrix-version-unknown', title: 'The requested matrix version does not exist' },
  MATRIX_VERSION_EXISTS: { status: 409, slug: 'matrix-version-exists', title: 'That matrix version already exists' },
  MATRIX_NOT_DRAFT: { status: 409, slug: 'matrix-not-draft', title: 'Only a draft can be changed' },
  MATRIX_NOT_PUBLISHED: { status: 409, slug: 'matrix-not-published', title: 'The matrix version is not published' },
  MATRIX_ACTIVE: { status: 409, slug: 'matrix-active', title: 'The active version cannot be deprecated' },
  MATRIX_EXAMPLES_FAILED: { status: 422, slug: 'matrix-examples-failed', title: 'The matrix does not pass its own examples' },
  MATRIX_DRAFT_NEEDS_DRY_RUN: { status: 403, slug: 'matrix-draft-needs-dry-run', title: 'Drafts can only be evaluated as a dry run by an admin' },
  MATRIX_VERSION_MISMATCH: { status: 422, slug: 'matrix-version-mismatch', title: 'The document names a different version' },
  PRECONDITION_REQUIRED: { status: 428, slug: 'precondition-required', title: 'If-Match is required' },
  PRECONDITION_FAILED: { status: 412, slug: 'precondition-failed', title: 'The draft has changed since you read it' },
  NO_ACTIVE_MATRIX: { status: 503, slug: 'no-active-matrix', title: 'No matrix version is active' },
  API_KEY_EXISTS: { status: 409, slug: 'api-key-exists', title: 'An active key has that name' },
  API_KEY_NOT_FOUND: { status: 404, slug: 'api-key-not-found', title: 'No such active key' },
  NAME_RESERVED: { status: 422, slug: 'name-reserved', title: 'The name cannot be used in a URL' },
  STORAGE_QUOTA_EXCEEDED: { status: 429, slug: 'storage-quota-exceeded', title: 'This key has stored its quota of evaluations for now' },
  TOO_MANY_CONCURRENT: { status: 429, slug: 'too-many-concurrent', title: 'Too many of these requests at once for this key' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, slug: 'unsupported-media-type', title: 'Unsupported content type' },
  BODY_TOO_COMPLEX: { status: 400, slug: 'body-too-complex', title: 'The body is nested too deeply or has too many parts' },
  MALFORMED_BODY: { status: 400, slug: 'malformed-body', title: 'The body is not valid JSON' },
  EMPTY_BODY: { status: 400, slug: 'malformed-body', title: 'The body is empty' },
  DATABASE_UNAVAILABLE: { status: 503, slug: 'database-unavailable', title: 'The database is not available' },
};

const ENGINE_ERRORS: Record<EngineErrorCode, ProblemSpec> = {
  MATRIX_INVALID: { status: 422, slug: 'matrix-invalid', title: 'The matrix document is not valid' },
  WORKLOAD_INVALID: { status: 400, slug: 'validation-failed', title: 'The request is not valid' },
  MANIFEST_INVALID: { status: 422, slug: 'manifest-invalid', title: 'The Kubernetes manifest cannot be read as a workload' },
};

// Fastify rejects some requests before Nest sees them; these are the ones a client can cause.
const FASTIFY_ERRORS: Record<string, ProblemSpec> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, slug: 'malformed-body', title: 'The body is not valid JSON' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, slug: 'malformed-body', title: 'The body is empty' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, slug: 'body-too-large', title: 'The body is too large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, slug: 'unsupported-media-type', title: 'Unsupported content type' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, slug: 'malformed-body', title: 'Content-Length does not match the body' },
  FST_ERR_BAD_URL: { status: 400, slug: 'bad-url', title: 'The URL is malformed' },
  FST_ERR_MAX_PARAM_LENGTH: { status: 414, slug: 'uri-too-long', title: 'A path segment is too long' },
  FST_ERR_CTP_INVALID_TYPE: { status: 415, slug: 'unsupported-media-type', title: 'Unsupported content type' },
};

const DATABASE_UNAVAILABLE = APP_ERRORS.DATABASE_UNAVAILABLE;
// Errors that say the database cannot take the request now (full disk, read-only file, a
// lost or refused connection), as opposed to a request it refused (a constraint).
const UNAVAILABLE_SQLITE = /^SQLITE_(FULL|READONLY|IOERR|BUSY|LOCKED|CANTOPEN|NOTADB|CORRUPT|PROTOCOL|NOLFS|PERM)/;
// Connection classes, resources, operator intervention, system errors; a database that refuses
// connections (55000), is missing (3D000) or refuses the login (28xxx).
const UNAVAILABLE_POSTGRES = /^(08|53|57|58|28|55000$|3D000$)/;
const UNAVAILABLE_NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND']);

// TypeORM's own errors when the connection under a transaction went away.
const UNAVAILABLE_TYPEORM = new Set(['QueryRunnerAlreadyReleasedError', 'ConnectionIsNotSetError', 'CannotExecuteNotConnectedError']);

export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 4; depth++) {
    const name = (e as { name?: unknown }).name;
    if (typeof name === 'string' && UNAVAILABLE_TYPEORM.has(name)) return true;
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (UNAVAILABLE_SQLITE.test(code) || UNAVAILABLE_NETWORK.has(code) || (/^[0-9A-Z]{5}$/.test(code) && UNAVAILABLE_POSTGRES.test(code)))) return true;
    const message = (e as { message?: unknown }).message;
    if (typeof message === 'string' && /Connection terminated|connection is closed|Client has encountered a connection error|timeout exceeded when trying to connect|database connection is not open/i.test(message)) return true;
    e = (e as { driverError?: unknown }).driverError ?? (e as { cause?: unknown }).cause;
  }
  return false;
}

const typeUri = (slug: string) => `/problems/${slug}`;
const fromSpec = (spec: ProblemSpec, detail: string, instance: string | undefined, extra: Record<string, unknown> = {}): ProblemDocument => ({
  type: typeUri(spec.slug),
  title: spec.title,
  status: spec.status,
  detail,
  instance,
  ...extra,
});
// With type about:blank, RFC 9457 wants the title to be the status's own phrase.
const statusTitle = (status: number) => STATUS_CODES[status] ?? 'Error';

/**
 * Turns any error into an RFC 9457 problem document. Anything unexpected becomes a 500
 * without internals; its stack goes to the log only.
 */
export function toProblem(error: unknown, instance?: string): ProblemDocument {
  if (error instanceof AppError) {
    return fromSpec(APP_ERRORS[error.code], error.message, instance, { ...(error.errors ? { errors: error.errors } : {}), ...error.extensions });
  }
  if (error instanceof EngineError) {
    return fromSpec(ENGINE_ERRORS[error.code], error.message, instance, { errors: error.problems });
  }
  // Fastify's own rejections (malformed JSON, body too large) arrive wrapped, the original as the cause.
  const fastifyCode = error instanceof HttpException ? (error.cause as { code?: unknown } | undefined)?.code : (error as { code?: unknown })?.code;
  if (typeof fastifyCode === 'string' && FASTIFY_ERRORS[fastifyCode]) {
    return fromSpec(FASTIFY_ERRORS[fastifyCode], (error as Error).message, instance);
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const response = error.getResponse();
    const message = typeof response === 'object' && response && 'message' in response ? response.message : error.message;
    // Terminus answers a failed readiness check with the state of each check; keep it.
    const checks = typeof response === 'object' && response && 'details' in response ? { checks: response.details } : {};
    return { type: 'about:blank', title: statusTitle(status), status, detail: Array.isArray(message) ? message.join('; ') : String(message), instance, ...checks };
  }
  const status = (error as { statusCode?: unknown })?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return { type: 'about:blank', title: statusTitle(status), status, detail: (error as Error).message, instance };
  }
  if (isDatabaseUnavailable(error)) {
    return fromSpec(DATABASE_UNAVAILABLE, 'The database cannot take requests now; this one was not acknowledged. Retry later.', instance);
  }
  return { type: typeUri('internal-error'), title: 'Internal server error', status: 500, detail: 'The server failed to answer; the incident has been logged.', instance };
}

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH'] as const;

/** The methods the router has a route for at this concrete path (find-my-way matches it against the patterns). */
function allowedMethods(fastify: FastifyInstance, path: string): string[] {
  return METHODS.filter((method) => fastify.findRoute({ method, url: path }) !== null);
}

/** A 413 says which limit applied: matrix documents have a larger one than the rest. */
export function bodyTooLargeDetail(limit: number | undefined): string {
  if (!limit) return 'The body is too large.';
  const readable = limit % (1024 * 1024) === 0 ? `${limit / (1024 * 1024)} MB` : `${Math.round(limit / 1024)} KB`;
  return `The body is larger than this route's limit of ${limit.toLocaleString('en-US')} bytes (${readable}).`;
}

/** Every problem, from Nest, the request gate or Fastify, carries the request id, so a caller can quote the log line that explains it. */
export function sendProblem(reply: FastifyReply, problem: ProblemDocument): void {
  // RFC 9110 11.6.1: a 401 names the scheme that would be accepted (the key also goes as a bearer token).
  if (problem.status === 401 && !reply.hasHeader('www-authenticate')) void reply.header('www-authenticate', 'Bearer realm="placement"');
  void reply
    .status(problem.status)
    .header('content-type', PROBLEM_CONTENT_TYPE)
    .send({ ...problem, requestId: reply.request.id });
}

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    let problem = toProblem(error, request.url);
    if (problem.status === 413) problem.detail = bodyTooLargeDetail(request.routeOptions.bodyLimit);
    const reply = http.getResponse<FastifyReply>();
    // No route matched: if the path has routes for other methods, the method is what is wrong (RFC 9110 15.5.6).
    // A preflight nobody answered (CORS off, or an origin not allowed) stays a bare 404.
    if (problem.status === 404 && request.routeOptions.url === undefined && request.method !== 'OPTIONS') {
      const allowed = allowedMethods(reply.server, request.url.split('?', 1)[0]);
      if (allowed.length > 0) {
        void reply.header('allow', allowed.join(', '));
        problem = { type: 'about:blank', title: statusTitle(405), status: 405, detail: `${request.method} is not allowed on ${request.url.split('?', 1)[0]}; use ${allowed.join(', ')}.`, instance: request.url };
      }
    }
    if (problem.status >= 500) request.log.error({ context: 'ProblemDetails', err: error }, 'unhandled error');
    if (typeof problem.retryAfter === 'number') void reply.header('retry-after', String(problem.retryAfter));
    sendProblem(reply, problem);
  }
}
