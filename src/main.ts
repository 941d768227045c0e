import { createApp, listen } from './app.setup.js';
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
  // listen() logs the bound address, not the configured one: PORT=0 picks a free port.
  await listen(app, config);
  exitGracefullyOnSignals(app, config.shutdownGraceMs);
}

void main();
