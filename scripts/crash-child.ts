// The service as the crash test runs it: a child process on a given SQLite file that says
// READY <port> once it listens, and is then killed with SIGKILL at a moment of the parent's choosing.
import { createApp } from '../src/app.setup.js';
import { loadConfig } from '../src/config/config.js';

const app = await createApp(loadConfig({ ...process.env, LOG_LEVEL: 'error' }), { logger: false });
await app.listen({ port: 0, host: '127.0.0.1' });
const { port } = app.getHttpServer().address() as { port: number };
process.stdout.write(`READY ${port}\n`);
