import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * Holds a response that is ready until the end of the event loop's turn (Node's check
 * phase), so that the responses of one turn are written one after another.
 *
 * Writing a response wakes the client's thread when it is asleep waiting for it. On this
 * project's machine, a virtual machine with the load generator on the other core, that
 * wake-up is an inter-processor interrupt, and `perf` put 10% of the service's CPU in the
 * kernel's wake-up path (`_raw_spin_unlock_irqrestore`) when each response was written as
 * soon as it was ready, against 3% with this hook: the first response of a run wakes the
 * client, and the rest find it awake. Dry runs and reads went from about 5,000 to 7,000-11,000
 * requests/s (docs/performance.md). A response waits at most for the other requests already
 * read in the same turn. A client that sends one request at a time pays the hop, about 30 µs
 * a request; holding only after a busy turn cost the same, since telling turns apart takes a
 * `setImmediate` too.
 */
export function holdUntilTurnEnds(_request: FastifyRequest, _reply: FastifyReply, payload: unknown, done: (error: null, payload: unknown) => void): void {
  setImmediate(done, null, payload);
}

/** Registered after every other onSend hook, so that what is held is the final payload. */
export function registerTurnEndWrites(fastify: FastifyInstance): void {
  fastify.addHook('onSend', holdUntilTurnEnds);
}
