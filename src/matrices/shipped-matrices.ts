import { readFileSync } from 'node:fs';

export const DEFAULT_MATRIX_VERSION = '2026.1';

/** The matrix documents shipped with the service (copied next to the build by `npm run build`). */
export function readShippedMatrix(version = DEFAULT_MATRIX_VERSION): unknown {
  return JSON.parse(readFileSync(new URL(`../engine/matrices/${version}.json`, import.meta.url), 'utf8'));
}
