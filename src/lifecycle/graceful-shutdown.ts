import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { EvaluationWriter } from '../evaluations/evaluation-writer.js';
import { Readiness } from '../health/readiness.js';

/**
 * Stops the service in the order that loses nothing: readiness goes to 503 and the
 * listener closes (no new connections; idle keep-alive connections are closed), requests
 * in flight run to their answer, the group-commit writer commits what it holds (a request
 * whose client went away may still be writing), and only then does the database close.
 */
export async function drainAndClose(app: NestFastifyApplication): Promise<void> {
  app.get(Readiness, { strict: false }).draining = true;
  // Closing Fastify here rather than inside app.close() lets the writer drain between the
  // last request and the shutdown hooks, one of which destroys the DataSource.
  // Closing only closes the keep-alive connections idle at that moment; one whose request
  // was in flight becomes idle once answered and would otherwise hold the process open
  // until its keep-alive timeout.
  const server = app.getHttpServer();
  const sweep = setInterval(() => server.closeIdleConnections(), 50);
  try {
    await app.getHttpAdapter().getInstance().close();
  } finally {
    clearInterval(sweep);
  }
  await app.get(EvaluationWriter, { strict: false }).drain();
  await app.close();
}

/**
 * On SIGTERM or SIGINT, drains and exits 0; a request still running after `graceMs` has
 * its connection closed and the process exits 1, so it is gone before an orchestrator's
 * kill timeout (set SHUTDOWN_GRACE_MS below it). A second signal ends the process at once.
 */
export function exitGracefullyOnSignals(app: NestFastifyApplication, graceMs: number): void {
  const logger = new Logger('Shutdown');
  const onSignal = (signal: NodeJS.Signals) => {
    for (const s of ['SIGTERM', 'SIGINT'] as const) process.removeListener(s, onSignal);
    logger.log(`${signal}: no new connections; waiting up to ${graceMs} ms for requests in flight.`);
    const deadline = setTimeout(() => {
      logger.error(`Requests still running after ${graceMs} ms; closing their connections and exiting.`);
      app.getHttpServer().closeAllConnections();
      process.exit(1);
    }, graceMs);
    drainAndClose(app).then(
      () => {
        clearTimeout(deadline);
        logger.log('Stopped cleanly.');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error(`Shutdown failed: ${(error as Error).stack ?? String(error)}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
}
