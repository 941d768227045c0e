import { jest } from '@jest/globals';
import Fastify, { type FastifyInstance } from 'fastify';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { holdUntilTurnEnds, registerTurnEndWrites } from './turn-end-writes.js';

/** Resolves with the next complete response on the socket (bodies here are short and sent with content-length). */
function nextResponse(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    const onData = (chunk: Buffer) => {
      text += chunk.toString();
      const [head, body] = text.split('\r\n\r\n');
      const length = /content-length: (\d+)/i.exec(head ?? '');
      if (body !== undefined && length && body.length >= Number(length[1])) {
        socket.off('data', onData);
        resolve(text);
      }
    };
    socket.on('data', onData);
  });
}

describe('turn-end writes', () => {
  let app: FastifyInstance;
  const events: string[] = [];

  beforeAll(async () => {
    app = Fastify();
    registerTurnEndWrites(app);
    app.get('/items/:n', (request, reply) => {
      const { n } = request.params as { n: string };
      events.push(`handled ${n}`);
      const end = reply.raw.end.bind(reply.raw) as (...args: unknown[]) => unknown;
      reply.raw.end = ((...args: unknown[]) => {
        events.push(`written ${n}`);
        return end(...args);
      }) as typeof reply.raw.end;
      return reply.header('etag', `"${n}"`).send({ n: Number(n) });
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => app.close());

  it('writes the responses of one turn after every request read in that turn was handled', async () => {
    const { port } = app.server.address() as AddressInfo;
    const sockets = await Promise.all(
      [1, 2, 3].map(
        () =>
          new Promise<Socket>((resolve) => {
            const s = connect(port, '127.0.0.1', () => resolve(s));
          }),
      ),
    );
    const request = (n: number) => `GET /items/${n} HTTP/1.1\r\nhost: localhost\r\n\r\n`;
    // One request on each connection first, so that the server has accepted all three.
    await Promise.all(
      sockets.map((s, i) => {
        const r = nextResponse(s);
        s.write(request(i + 1));
        return r;
      }),
    );
    events.length = 0;

    // Written within one turn of this process, they are all in the server's socket buffers when its next turn reads them.
    const responses = sockets.map((s) => nextResponse(s));
    sockets.forEach((s, i) => s.write(request(i + 1)));
    const texts = await Promise.all(responses);
    sockets.forEach((s) => s.destroy());

    expect(texts.map((t) => [t.split('\r\n')[0], /etag: (\S+)/i.exec(t)?.[1], t.split('\r\n\r\n')[1]])).toEqual([
      ['HTTP/1.1 200 OK', '"1"', '{"n":1}'],
      ['HTTP/1.1 200 OK', '"2"', '{"n":2}'],
      ['HTTP/1.1 200 OK', '"3"', '{"n":3}'],
    ]);
    expect(events).toEqual(['handled 1', 'handled 2', 'handled 3', 'written 1', 'written 2', 'written 3']);
  });

  it('holds a payload until the check phase and passes it on unchanged', async () => {
    const payload = Buffer.from('{"answer":1}');
    const done = jest.fn();
    holdUntilTurnEnds(undefined as never, undefined as never, payload, done);
    await Promise.resolve();
    expect(done).not.toHaveBeenCalled();

    await new Promise(setImmediate);
    expect(done).toHaveBeenCalledTimes(1);
    expect(done).toHaveBeenCalledWith(null, payload);
  });
});
