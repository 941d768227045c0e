import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { Metrics } from './metrics.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Fields a handler adds to this request's log line (an evaluation's matrix version and recommendation). */
    logFields: Record<string, unknown> | null;
  }
}

/** Adds fields to the one log line this request will get. */
export function addLogFields(request: FastifyRequest, fields: Record<string, unknown>): void {
  request.logFields = { ...request.logFields, ...fields };
}

/**
 * One log line and one histogram sample per request, and the request id echoed back.
 * Registered on the Fastify instance before Nest adds its routes, so every route has them.
 */
export function registerHttpObservability(fastify: FastifyInstance, metrics: Metrics): void {
  // One child per method, route and status, so the hot path skips prom-client's label hashing.
  const children = new Map<string, { observe: (value: number) => void }>();
  fastify.decorateRequest('logFields', null);
  fastify.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    void reply.header('x-request-id', request.id);
    done();
  });
  fastify.addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    // The route template, never the raw URL: ids in paths would explode the label set.
    const route = request.routeOptions.url ?? '(unmatched)';
    const status = reply.statusCode;
    const seconds = reply.elapsedTime / 1000;
    const series = `${request.method} ${route} ${status}`;
    let child = children.get(series);
    if (!child) children.set(series, (child = metrics.httpDuration.labels(request.method, route, String(status))));
    child.observe(seconds);
    const level = status >= 500 ? 'error' : 'info';
    const log = request.log as Logger; // the pino logger createApp hands to Fastify
    if (log.isLevelEnabled(level)) {
      const key = (request as { apiKey?: { name: string } }).apiKey?.name;
      log[level]({ method: request.method, route, status, durationMs: Math.round(reply.elapsedTime * 10) / 10, key, ...request.logFields }, 'request');
    }
    done();
  });
}
