import { Logger } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { createApp } from './app.setup.js';
import { ConfigError, loadConfig } from './config/config.js';
import { exitGracefullyOnSignals } from './lifecycle/graceful-shutdown.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const app = await createApp(config);
  await app.listen({ port: config.port, host: config.host });
  exitGracefullyOnSignals(app, config.shutdownGraceMs);
  // The bound port, not the configured one: PORT=0 picks a free port.
  const { port } = app.getHttpServer().address() as AddressInfo;
  Logger.log(`Listening on http://localhost:${port} (docs at /docs, database ${config.databaseUrl.replace(/\/\/[^@]*@/, '//***@')})`, 'Main');
}

void main();
