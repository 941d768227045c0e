import fc from 'fast-check';
import Fastify from 'fastify';
import { PiecesStream, sendsPreSerialized, STREAMED_CHUNK_BYTES, type PreSerialized } from './pre-serialized.js';

const piece = fc.uint8Array({ minLength: 0, maxLength: 20_000 });

async function chunksOf(pieces: readonly Uint8Array[]): Promise<Buffer[]> {
  const chunks: Buffer[] = [];
  for await (const chunk of new PiecesStream(pieces)) chunks.push(chunk as Buffer);
  return chunks;
}

describe('PiecesStream', () => {
  it('gives the pieces back in order, byte for byte, in chunks of at least STREAMED_CHUNK_BYTES but the last', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 40 }), async (pieces) => {
        const chunks = await chunksOf(pieces);
        expect(Buffer.concat(chunks).equals(Buffer.concat(pieces))).toBe(true);
        for (const chunk of chunks.slice(0, -1)) expect(chunk.length).toBeGreaterThanOrEqual(STREAMED_CHUNK_BYTES);
        // Never more than a chunk and one piece joined at a time.
        const largest = Math.max(0, ...pieces.map((p) => p.length));
        for (const chunk of chunks) expect(chunk.length).toBeLessThan(STREAMED_CHUNK_BYTES + largest + 1);
      }),
      { numRuns: 200 },
    );
  });

  it('joins only when the reader asks: nothing is built before the first read', () => {
    const stream = new PiecesStream([Buffer.alloc(STREAMED_CHUNK_BYTES), Buffer.alloc(STREAMED_CHUNK_BYTES)]);
    expect(stream.readableLength).toBe(0);
  });
});

describe('sendsPreSerialized', () => {
  const app = Fastify();
  const pieces = (n: number) => Array.from({ length: n }, (_, i) => Buffer.from(`${i === 0 ? '[' : ','}"${'x'.repeat(1000)}${i}"`)).concat(Buffer.from(']'));
  app.get('/:n', (request, reply) => {
    sendsPreSerialized(reply);
    const n = Number((request.params as { n: string }).n);
    return { body: n < 0 ? Buffer.from('"whole"') : pieces(n) } satisfies PreSerialized;
  });
  let url = '';
  beforeAll(async () => {
    url = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => app.close());

  it.each([
    ['a whole body', -1],
    ['pieces under one chunk, joined', 3],
    ['pieces over one chunk, streamed', 200],
  ])('sends %s as JSON with its content-length', async (_label, n) => {
    const res = await fetch(`${url}/${n}`);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('content-length')).toBe(String(bytes.length));
    expect(res.headers.get('transfer-encoding')).toBeNull();
    expect(bytes.equals(n < 0 ? Buffer.from('"whole"') : Buffer.concat(pieces(n)))).toBe(true);
  });
});
