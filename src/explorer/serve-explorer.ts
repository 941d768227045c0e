import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The decision explorer's assets are served under this prefix; the page itself at /. */
export const EXPLORER_ASSETS_PREFIX = '/explorer/';

/**
 * Where `npm run build` put the page: dist/explorer beside dist/src when the built service
 * runs, and the same dist/explorer when the sources run directly (Jest, tsx).
 */
export function explorerDirectory(): string | undefined {
  const candidates = [new URL('../../explorer/', import.meta.url), new URL('../../dist/explorer/', import.meta.url)].map((url) => fileURLToPath(url));
  return candidates.find((dir) => existsSync(join(dir, 'index.html')));
}

/**
 * Serves the explorer at / from the built files, read once at start-up. Routes are registered
 * per file (no wildcard), so every other path still reaches the API's problem+json 404.
 * Without a build (`npm test` before `npm run build`) the service runs without the page.
 */
export async function serveExplorer(app: NestFastifyApplication, directory = explorerDirectory()): Promise<boolean> {
  if (!directory) return false;
  const index = readFileSync(join(directory, 'index.html'));
  app
    .getHttpAdapter()
    .getInstance()
    .get('/', (_request, reply) => {
      // The page names its hashed assets, so it must be revalidated to pick up a new build.
      void reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(index);
    });
  await app.register(fastifyStatic, {
    root: join(directory, 'assets'),
    prefix: EXPLORER_ASSETS_PREFIX,
    wildcard: false,
    index: false,
    decorateReply: false,
    dotfiles: 'ignore',
    cacheControl: false,
    setHeaders: (reply, path) => {
      // Hashed names never change content; the favicon keeps its name, so it is revalidated.
      void reply.header('cache-control', /-[A-Z0-9]{8}\.(js|css)(\.map)?$/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  return true;
}
