import fc from 'fast-check';
import Fastify from 'fastify';
import { PiecesStream, sendsPreSerialized, STREAMED_CHUNK_BYTES, type PreSerialized } from './pre-serialized.js';

const piece = fc.uint8Array({ minLength: 0, maxLength: 20_000 });

/** The chunks as the stream emits them when flowing, one per push. */
async function chunksOf(pieces: readonly Uint8Array[]): Promise<Buffer[]> {
  const chunks: Buffer[] = [];
  const stream = new PiecesStream(pieces).on('data', (chunk: Buffer) => chunks.push(chunk));
  await new Promise((resolve) => stream.once('end', resolve));
  return chunks;
}

describe('PiecesStream', () => {
  it('gives back every non-empty piece, in order, as the same memory (never a copy)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 40 }), async (pieces) => {
        const chunks = await chunksOf(pieces);
        const nonEmpty = pieces.filter((p) => p.length > 0);
        expect(chunks).toHaveLength(nonEmpty.length);
        chunks.forEach((chunk, i) => {
          expect(chunk.buffer).toBe(nonEmpty[i].buffer);
          expect([chunk.byteOffset, chunk.length]).toEqual([nonEmpty[i].byteOffset, nonEmpty[i].length]);
        });
        expect(Buffer.concat(chunks).equals(Buffer.concat(pieces))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('hands over a chunk and at most one piece more per read, so a slow socket holds back the rest', () => {
    const pieces = Array.from({ length: 100 }, () => Buffer.alloc(5000));
    const stream = new PiecesStream(pieces);
    stream.read(0);
    expect(stream.readableLength).toBeGreaterThanOrEqual(STREAMED_CHUNK_BYTES);
    expect(stream.readableLength).toBeLessThan(STREAMED_CHUNK_BYTES + 5000);
  });

  it('ends when only empty pieces are left', async () => {
    expect(Buffer.concat(await chunksOf([Buffer.from('a'), new Uint8Array(0), new Uint8Array(0)])).toString()).toBe('a');
    expect(await chunksOf([])).toEqual([]);
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
