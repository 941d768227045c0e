import { AppError } from './app-error.js';

/**
 * A name that becomes a path segment must be reachable through it. Clients and proxies remove
 * `.` and `..` segments (RFC 3986 5.2.4), so a name made only of dots names nothing; a word a
 * route already uses (`/v1/matrices/active`) reaches that route instead.
 */
export function unreachableNameReason(name: unknown, reservedWords: readonly string[] = []): string | undefined {
  if (typeof name !== 'string') return undefined;
  if (/^\.+$/.test(name)) return 'must not be made only of dots: clients remove . and .. from URLs, so it could never be read, changed or deleted';
  if (reservedWords.includes(name)) return `'${name}' is reserved: /${name} already names another route`;
  return undefined;
}

/** 422 naming the field, for a name that passes its pattern but no URL could reach. */
export function assertReachableName(field: string, name: unknown, reservedWords: readonly string[] = []): void {
  const reason = unreachableNameReason(name, reservedWords);
  if (reason) throw new AppError('NAME_RESERVED', `${field} ${reason}.`, [{ path: field, message: `${field} ${reason}` }]);
}
