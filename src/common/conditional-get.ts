import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';

/** A strong ETag from the representation's bytes, for resources without a revision of their own (stored answers, Markdown). */
export const textEtag = (text: string | Buffer): string => `"${createHash('sha256').update(text).digest('base64url').slice(0, 27)}"`;

/** If-None-Match uses the weak comparison (RFC 9110 13.1.2): W/ prefixes are ignored. */
function noneMatch(header: string, etag: string): boolean {
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === opaque(etag));
}

/**
 * Answers a GET whose If-None-Match carries the current ETag with 304 and no body, for every
 * route that sets an ETag (matrices, stored evaluations). The handler still runs: the ETag
 * comes from the row it reads, which is the expensive part anyway.
 */
export function registerConditionalGet(fastify: FastifyInstance): void {
  fastify.addHook('onSend', (request: FastifyRequest, reply: FastifyReply, payload: unknown, done: (error: null, payload: unknown) => void) => {
    const etag = reply.getHeader('etag');
    if ((request.method !== 'GET' && request.method !== 'HEAD') || typeof etag !== 'string' || reply.statusCode !== 200) return done(null, payload);
    // Responses depend on the caller's key: private caches may keep them, but must ask again.
    if (!reply.hasHeader('cache-control')) void reply.header('cache-control', 'private, no-cache');
    const ifNoneMatch = request.headers['if-none-match'];
    if (ifNoneMatch === undefined || !noneMatch(ifNoneMatch, etag)) return done(null, payload);
    void reply.code(304).removeHeader('content-type').removeHeader('content-length');
    done(null, '');
  });
}

/**
 * Answers to a key are the key's: X-API-Key is not Authorization, which shared caches already
 * refuse to store (RFC 9111 3.5), so every authenticated GET says so itself where the route did
 * not; the key list, which names every key, is not kept at all.
 */
export function registerPrivateCaching(fastify: FastifyInstance): void {
  fastify.addHook('onSend', (request: FastifyRequest & { apiKey?: unknown }, reply: FastifyReply, payload: unknown, done: (error: null, payload: unknown) => void) => {
    if (request.apiKey !== undefined && (request.method === 'GET' || request.method === 'HEAD') && !reply.hasHeader('cache-control')) {
      void reply.header('cache-control', request.url.startsWith('/v1/api-keys') ? 'no-store' : 'private, no-cache');
    }
    done(null, payload);
  });
}

/** Adds a field to Vary, keeping what is there (CORS puts Origin there first: the Fetch standard needs it whenever the origin is echoed). */
export function addVary(reply: FastifyReply, field: string): void {
  const current = reply.getHeader('vary');
  if (current === undefined || current === '') {
    void reply.header('vary', field);
    return;
  }
  const fields = String(current)
    .split(',')
    .map((f) => f.trim().toLowerCase());
  if (!fields.includes('*') && !fields.includes(field.toLowerCase())) void reply.header('vary', `${String(current)}, ${field}`);
}
