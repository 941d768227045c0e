import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';

/**
 * A response whose JSON is already built (or was stored), sent as these bytes: whole, or as
 * its pieces in order, which are never joined whole (a batch's answer is 12 MB, mostly
 * references to the same cached template pieces).
 */
export interface PreSerialized {
  readonly body: Buffer | readonly Uint8Array[];
}

/**
 * How much of a body in pieces is joined at a time as the socket takes it. Pieces are a few
 * KB; joining them four times the socket's 16 KB high-water mark keeps writes few, and what a
 * response holds beyond its pieces small.
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
 * The pieces joined a chunk at a time, only when the socket asks for more. Joining a whole
 * 12 MB batch answer made it live, with its copy, until a collection found it dead: two
 * batches at once put 50-90 MB of such buffers on top of the heap.
 */
export class PiecesStream extends Readable {
  private next = 0;

  constructor(private readonly pieces: readonly Uint8Array[]) {
    super();
  }

  override _read(): void {
    const { pieces } = this;
    const first = this.next;
    let size = 0;
    while (this.next < pieces.length && size < STREAMED_CHUNK_BYTES) size += pieces[this.next++].byteLength;
    if (this.next === first) this.push(null);
    else this.push(this.next - first === 1 ? pieces[first] : Buffer.concat(pieces.slice(first, this.next), size));
  }
}
