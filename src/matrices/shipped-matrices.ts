import { readFileSync } from 'node:fs';

/** Every matrix version shipped with the service, oldest first; each stays published so its decisions replay. */
export const SHIPPED_MATRIX_VERSIONS = [
  '2026.1',
  '2026.2',
  '2026.3',
  '2026.4',
  '2026.5',
  '2026.6',
  '2026.7',
  '2026.8',
  '2026.9',
  '2026.10',
  '2026.11',
  '2026.12',
  '2026.13',
  '2026.14',
  '2026.15',
  '2026.16',
  '2026.17',
  '2026.18',
  '2026.19',
  '2026.20',
] as const;
/** The version a new database starts with as active. */
export const DEFAULT_MATRIX_VERSION = '2026.20';

/** The matrix documents shipped with the service (copied next to the build by `npm run build`). */
export function readShippedMatrix(version: string = DEFAULT_MATRIX_VERSION): unknown {
  return JSON.parse(readFileSync(new URL(`../engine/matrices/${version}.json`, import.meta.url), 'utf8'));
}
