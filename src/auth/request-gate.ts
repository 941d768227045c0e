import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { HardeningConfig } from '../config/config.js';
import { sendProblem } from '../common/problem-details.filter.js';
import type { AuthenticatedKey } from './auth.decorators.js';
import type { ApiKeyService } from './api-key.service.js';
import type { AuthFailures } from './auth-failures.js';
import { WindowCounter } from './rate-limiter.js';

/**
 * Paths the gate lets through without a key: probes and the API's own documentation,
 * /metrics, whose controller accepts METRICS_TOKEN (not an API key) or an admin key itself,
 * and the decision explorer's static page and assets (the page asks for a key before it calls the API).
 */
export const PUBLIC_PATHS = [/^\/health\/(live|ready)$/, /^\/docs(-json|-yaml)?$/, /^\/docs\//, /^\/metrics$/, /^\/$/, /^\/explorer\/[\w.-]+$/];
export const YAML_MEDIA_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml'];
/** The only routes that take a YAML body, with the role each needs: matrix documents and Kubernetes manifests. */
const YAML_ROUTES = new Map<string, 'admin' | 'evaluator'>([
  ['POST /v1/matrices', 'admin'],
  ['PUT /v1/matrices/:version', 'admin'],
  ['POST /v1/workloads/derive', 'evaluator'],
]);

/** Routes with a body limit above the global one (see MATRIX_BODY_LIMIT_BYTES): admin only, refused to anyone else before the body is read. */
export const LARGE_BODY_ROUTES = new Set(['POST /v1/matrices', 'PUT /v1/matrices/:version']);

export const isPublicPath = (path: string) => PUBLIC_PATHS.some((pattern) => pattern.test(path));

const routesByServer = new WeakMap<FastifyInstance, { method: string; url: string }[]>();
/** Every route registered after the gate, as `METHOD /path/:param`; the route table test compares them with openapi.yaml. */
export const registeredRoutes = (fastify: FastifyInstance) => routesByServer.get(fastify) ?? [];

export function secretFrom(headers: FastifyRequest['headers']): string | undefined {
  const header = headers['x-api-key'];
  if (typeof header === 'string') return header.trim();
  const bearer = headers.authorization?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
  return bearer;
}

/**
 * Runs first on every request, before Fastify reads the body: a request is throttled by
 * address, authenticated, throttled by key, and its content type checked against its route,
 * so nobody without a key can make the server parse anything. The guard then only checks roles.
 */
export function installRequestGate(fastify: FastifyInstance, keys: ApiKeyService, failures: AuthFailures, limits: HardeningConfig): void {
  const windowMs = limits.rateLimitWindowSeconds * 1000;
  const perAddress = new WindowCounter(limits.rateLimitPerAddress, windowMs);
  const perKey = new WindowCounter(limits.rateLimitPerKey, windowMs);
  const routes: { method: string; url: string }[] = [];
  routesByServer.set(fastify, routes);
  fastify.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routes.push({ method, url: route.url });
  });

  fastify.addHook('onRequest', async (request: FastifyRequest & { apiKey?: AuthenticatedKey }, reply: FastifyReply) => {
    const path = request.url.split('?', 1)[0];
    const address = request.ip;
    let wait = perAddress.hit(address);
    if (wait) return tooMany(reply, request, wait, 'Too many requests from this address.');
    if (isPublicPath(path)) return;
    // A CORS preflight carries no key and no body; whatever answers it runs no handler.
    if (request.method === 'OPTIONS' && !request.headers['content-type'] && !request.headers['content-length'] && !request.headers['transfer-encoding']) return;

    // Wrong keys are throttled harder than traffic, and on every replica: guessing stops long before the normal limit.
    wait = await failures.blocked(address);
    if (wait) return tooMany(reply, request, wait, 'Too many failed authentications from this address.');
    const secret = secretFrom(request.headers);
    if (!secret) return unauthorized(reply, request, 'Send an API key in X-API-Key or Authorization: Bearer.');
    const key = await keys.resolve(secret);
    if (!key) {
      await failures.record(address);
      void reply.header('www-authenticate', 'Bearer realm="placement", error="invalid_token"');
      return unauthorized(reply, request, 'The API key is not valid.');
    }
    wait = perKey.hit(key.id);
    if (wait) return tooMany(reply, request, wait, `Key '${key.name}' has used its ${limits.rateLimitPerKey} requests for this window.`);
    request.apiKey = key;

    if (key.role !== 'admin' && LARGE_BODY_ROUTES.has(`${request.method} ${request.routeOptions.url}`)) return problem(reply, request, 403, undefined, 'Forbidden', 'Only admin keys may send matrix documents.');
    const contentType = request.headers['content-type'];
    // Bodies are UTF-8 (RFC 8259 8.1); a body declared in another charset would be read wrongly.
    const charset = contentType?.includes(';') ? charsetOf(contentType) : undefined;
    if (charset !== undefined && !/^utf-?8$/i.test(charset))
      return problem(reply, request, 415, 'unsupported-media-type', 'Unsupported content type', `Bodies must be UTF-8; charset=${charset.slice(0, 40)} is not accepted. Send charset=utf-8, or no charset.`);
    const type = contentType?.split(';', 1)[0]!.trim().toLowerCase();
    if (type && YAML_MEDIA_TYPES.includes(type)) {
      const role = YAML_ROUTES.get(`${request.method} ${request.routeOptions.url}`);
      if (!role)
        return problem(
          reply,
          request,
          415,
          'unsupported-media-type',
          'Unsupported content type',
          'YAML is accepted only for matrix documents (POST /v1/matrices, PUT /v1/matrices/{version}) and Kubernetes manifests (POST /v1/workloads/derive); send JSON.',
        );
      if (role === 'admin' && key.role !== 'admin') return problem(reply, request, 403, undefined, 'Forbidden', 'Only admin keys may send matrix documents.');
    }
  });
}

/** The charset parameter of a media type (RFC 9110 8.3.1), quoted or not. */
const charsetOf = (contentType: string): string | undefined =>
  /;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]*))/i
    .exec(contentType)
    ?.slice(1)
    .find((v) => v !== undefined);

function problem(reply: FastifyReply, request: FastifyRequest, status: number, slug: string | undefined, title: string, detail: string): FastifyReply {
  sendProblem(reply, { type: slug ? `/problems/${slug}` : 'about:blank', title, status, detail, instance: request.url });
  return reply;
}

const unauthorized = (reply: FastifyReply, request: FastifyRequest, detail: string) => problem(reply, request, 401, undefined, 'Unauthorized', detail);

function tooMany(reply: FastifyReply, request: FastifyRequest, seconds: number, detail: string): FastifyReply {
  void reply.header('retry-after', String(seconds));
  return problem(reply, request, 429, 'rate-limited', 'Too many requests', `${detail} Retry after ${seconds} s.`);
}
