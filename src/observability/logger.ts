import type { LoggerService } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { pino, type DestinationStream, type Level, type Logger } from 'pino';
import pretty from 'pino-pretty';
import type { Logger as TypeOrmLogger } from 'typeorm';
import type { AppConfig } from '../config/config.js';

/** Nest's level names (the LOG_LEVEL values) mapped onto pino's. */
const PINO_LEVEL: Record<AppConfig['logLevel'], Level> = { error: 'error', warn: 'warn', log: 'info', info: 'info', debug: 'debug', verbose: 'trace' };

/**
 * Belt and braces: the request line lists its fields explicitly and never the headers, but
 * anything that logs a request or its headers (a plugin, an error serializer) still gets
 * the credentials censored. Password fields are censored in the finished line instead
 * (scrubSecrets): a wildcard path here ('*.password') made pino clone and re-walk every field
 * of every line, a fifth of a request line's cost.
 */
const REDACT_PATHS = ['req.headers["x-api-key"]', 'req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', 'headers["x-api-key"]', 'headers.authorization', 'headers.cookie'];
const CENSOR = '[redacted]';

/** user:password@ in connection strings, wherever a library puts one: a message, an error's message or stack, a field. */
const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^:/?#\s@"]+:)[^@/\s"]+@/gi;
/** A password field's string, number, boolean or null value, for a line that is not JSON. */
const PASSWORD_FIELD = /"password":(?:"(?:[^"\\]|\\.)*"|-?[0-9][0-9.eE+-]*|true|false|null)/g;

const censorPasswords = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(censorPasswords);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, key === 'password' ? CENSOR : censorPasswords(field)]));
};

/**
 * The finished line with connection-string passwords masked and every field named password
 * censored, at any depth and whatever its value. Only lines that hold either pay for more than
 * the `includes` tests, and only a line with a password field is parsed and written again.
 */
export function scrubSecrets(line: string): string {
  let scrubbed = line;
  if (line.includes('@') && line.includes('://')) scrubbed = scrubbed.replace(URL_PASSWORD, '$1***@');
  if (!scrubbed.includes('"password":')) return scrubbed;
  try {
    return `${JSON.stringify(censorPasswords(JSON.parse(scrubbed)))}\n`;
  } catch {
    return scrubbed.replace(PASSWORD_FIELD, `"password":"${CENSOR}"`);
  }
}

export interface LogOptions {
  /** Where JSON lines go (tests capture them); stdout by default. */
  destination?: DestinationStream;
  /** No output at all (the OpenAPI script, benchmarks). */
  silent?: boolean;
}

/**
 * The one pino logger that Nest, Fastify and TypeORM all write through. JSON lines by
 * default; LOG_FORMAT=pretty is for a person at a terminal, and colours only a TTY.
 */
export function createLogger(config: Pick<AppConfig, 'logLevel' | 'logFormat'>, options: LogOptions = {}): Logger {
  const target = options.destination ?? (config.logFormat === 'pretty' ? pretty({ colorize: process.stdout.isTTY === true, destination: 1, sync: true }) : pino.destination({ dest: 1, sync: false }));
  // The finished line is scrubbed, so no serializer or nesting can carry a password past it.
  const destination: DestinationStream = { write: (line: string) => void target.write(scrubSecrets(line)) };
  return pino(
    {
      level: options.silent ? 'silent' : PINO_LEVEL[config.logLevel],
      base: { service: 'placement-decision-service' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACT_PATHS, censor: CENSOR },
    },
    destination,
  );
}

const REQUEST_ID = /^[A-Za-z0-9._:~-]{1,128}$/;

/** The caller's X-Request-Id when it is a bounded token, so ids can be followed across services; otherwise a fresh one. */
export function requestIdFor(request: IncomingMessage): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

/** Nest's LoggerService on top of pino: the context becomes a field, a stack becomes err. */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  private write(level: Level, message: unknown, rest: unknown[]): void {
    if (!this.logger.isLevelEnabled(level)) return;
    // Nest appends the logger's context as the last string; an error's stack comes before it.
    const strings = rest.filter((r): r is string => typeof r === 'string');
    const context = strings.length > 0 ? strings[strings.length - 1] : undefined;
    const stack = strings.find((s) => s !== context && s.includes('\n    at '));
    const fields: Record<string, unknown> = { context };
    if (stack) fields.err = { stack };
    if (message instanceof Error) this.logger[level]({ ...fields, err: message }, message.message);
    else if (typeof message === 'object' && message !== null) this.logger[level]({ ...fields, ...(message as Record<string, unknown>) });
    else this.logger[level](fields, String(message));
  }
}

const MAX_QUERY_CHARS = 500;
const clip = (query: string) => (query.length > MAX_QUERY_CHARS ? `${query.slice(0, MAX_QUERY_CHARS)}...` : query);

/**
 * TypeORM's messages through the same logger. Query parameters are never logged: they hold
 * workloads and key hashes, and a failing batch would write megabytes of them.
 */
export class TypeOrmPinoLogger implements TypeOrmLogger {
  private readonly logger: Logger;

  constructor(
    logger: Logger,
    private readonly onQueryError: () => void = () => undefined,
  ) {
    this.logger = logger.child({ context: 'TypeORM' });
  }

  logQuery(query: string): void {
    if (this.logger.isLevelEnabled('trace')) this.logger.trace({ query: clip(query) }, 'query');
  }
  logQueryError(error: string | Error, query: string): void {
    this.onQueryError();
    this.logger.error({ err: typeof error === 'string' ? new Error(error) : error, query: clip(query) }, 'query failed');
  }
  logQuerySlow(time: number, query: string): void {
    this.logger.warn({ durationMs: time, query: clip(query) }, 'slow query');
  }
  logSchemaBuild(message: string): void {
    this.logger.debug(message);
  }
  logMigration(message: string): void {
    this.logger.info(message);
  }
  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    this.logger[level === 'warn' ? 'warn' : 'info'](String(message));
  }
}
