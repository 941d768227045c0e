import { Logger } from '@nestjs/common';
import { createApp } from './app.setup.js';
import { ConfigError, loadConfig } from './config/config.js';

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
  Logger.log(`Listening on http://localhost:${config.port} (docs at /docs, database ${config.databaseUrl.replace(/\/\/[^@]*@/, '//***@')})`, 'Main');
}

void main();
