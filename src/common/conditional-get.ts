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
