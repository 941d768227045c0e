import { randomFillSync } from 'node:crypto';
import { v7 } from 'uuid';

/** Random bytes for 256 ids, drawn from the OS at once. */
const pool = Buffer.alloc(16 * 256);
let used = pool.length;
/** uuid's own v7 state, kept here because handing v7 random bytes makes it forget its own. */
let lastMsecs = -Infinity;
let seq = 0;

/**
 * A UUIDv7 for a stored evaluation: ids made here only grow, so the newest-first order and the
 * list cursors follow the order of creation. uuid's `v7()` asks the OS for 16 random bytes
 * per id (4.5 µs here; 3% of a stored request and 4.6% of a batch of 1,000 in their
 * profiles); this draws them from a pool and keeps uuid's rule for the sequence: a new
 * millisecond starts a random 31-bit sequence, the same millisecond counts up from it, and
 * an overflow moves to the next millisecond. uuid still lays out the bytes.
 */
export function newEvaluationId(): string {
  if (used === pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  const random = pool.subarray(used, (used += 16));
  const now = Date.now();
  if (now > lastMsecs) {
    lastMsecs = now;
    seq = ((random[6] & 0x7f) << 24) | (random[7] << 16) | (random[8] << 8) | random[9];
  } else {
    seq = (seq + 1) | 0;
    if (seq === 0) lastMsecs++;
  }
  return v7({ msecs: lastMsecs, seq, random });
}
