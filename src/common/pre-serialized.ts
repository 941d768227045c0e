import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';

/**
 * A response whose JSON is already built (or was stored), sent as these bytes: whole, or as
 * its pieces in order, which a large body is sent as without joining them (a batch's answer is
 * 12 MB, mostly references to the same cached template pieces).
 */
export interface PreSerialized {
  readonly body: Buffer | readonly Uint8Array[];
}

/**
 * A body in pieces up to this size is joined and sent whole; a larger one is streamed, with at
 * most this much handed to the socket per read.
 */
export const STREAMED_CHUNK_BYTES = 64 * 1024;

/**
 * Sends the handler's PreSerialized result without serialising it again. Evaluations are
 * assembled from remembered UTF-8 pieces or read back as stored bytes; stringifying and
 * encoding a 10 KB object per request was a visible share of the CPU under load.
 */
export function sendsPreSerialized(reply: FastifyReply): void {
  // Fastify sends a Buffer or a stream from a serializer as it is; its type only names strings.
  const bytes = ({ body }: PreSerialized) => {
    if (Buffer.isBuffer(body)) return body as unknown as string;
    const length = body.reduce((sum, piece) => sum + piece.byteLength, 0);
    if (length <= STREAMED_CHUNK_BYTES) return Buffer.concat(body, length) as unknown as string;
    // Fastify sets the header on a streamed response as it stands, so the client still gets a length rather than chunks.
    void reply.header('content-length', length);
    return new PiecesStream(body) as unknown as string;
  };
  void reply.type('application/json; charset=utf-8').serializer(bytes);
}

/**
 * The pieces themselves, in order, as the socket asks for more: never copied. They are the
 * cached template pieces most of all, shared by every answer that uses them, and Node's HTTP
 * response corks the socket at a write until the next tick, so the pieces handed over in one
 * read leave in one `writev`. Joining them instead made a new buffer for every
 * response outside V8's heap, and with the old generation capped that churn started a full
 * collection about every 0.25 s under list load at a million records (docs/performance.md).
 */
export class PiecesStream extends Readable {
  private next = 0;

  constructor(private readonly pieces: readonly Uint8Array[]) {
    super();
  }

  override _read(): void {
    const { pieces } = this;
    let size = 0;
    while (this.next < pieces.length && size < STREAMED_CHUNK_BYTES) {
      const piece = pieces[this.next++];
      // An empty chunk would read as nothing to the stream; it is skipped, not pushed.
      if (piece.byteLength === 0) continue;
      size += piece.byteLength;
      this.push(piece);
    }
    if (this.next === pieces.length) this.push(null);
  }
}
