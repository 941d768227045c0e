import { readFileSync } from 'node:fs';
import { z } from 'zod';

export type Role = 'evaluator' | 'admin';
export interface ConfiguredKey {
  name: string;
  role: Role;
  secret: string;
}

const keyList = z.string().transform((raw, ctx) => {
  const keys: ConfiguredKey[] = [];
  for (const entry of raw
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const [name, role, ...rest] = entry.split(':');
    const secret = rest.join(':');
    if (!name || !/^[A-Za-z0-9._-]{1,100}$/.test(name)) ctx.addIssue({ code: 'custom', message: `key name '${name ?? ''}' must be 1-100 letters, digits, dots, dashes or underscores` });
    else if (role !== 'evaluator' && role !== 'admin') ctx.addIssue({ code: 'custom', message: `key '${name}' has role '${role ?? ''}'; use evaluator or admin` });
    else if (secret.length < 16) ctx.addIssue({ code: 'custom', message: `key '${name}' needs a secret of at least 16 characters` });
    else if (keys.some((k) => k.name === name)) ctx.addIssue({ code: 'custom', message: `key name '${name}' appears twice` });
    else keys.push({ name, role, secret });
  }
  return keys;
});

const originList = z.string().transform((raw, ctx) => {
  const origins = raw
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  for (const origin of origins) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = undefined;
    }
    if (!parsed || parsed.origin !== origin) ctx.addIssue({ code: 'custom', message: `'${origin}' is not an origin; write scheme://host[:port] with no path, for example https://portal.example.com` });
  }
  return origins;
});

const milliseconds = (fallback: number) => z.coerce.number().int().min(1).max(3_600_000).default(fallback);

const envSchema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().min(1).default('0.0.0.0'),
    DATABASE_URL: z
      .string()
      .default('sqlite:data/placement.db')
      .refine((url) => /^sqlite:.+/.test(url) || /^postgres(ql)?:\/\/.+/.test(url), 'use sqlite:<path> or postgres://user@host:port/db'),
    API_KEYS: keyList.default([]),
    LOG_LEVEL: z.enum(['error', 'warn', 'log', 'info', 'debug', 'verbose']).default('log'),
    LOG_FORMAT: z.enum(['json', 'pretty']).default('json'),
    METRICS_TOKEN: z.string().min(32, 'use at least 32 characters').optional(),
    CORS_ORIGINS: originList.default([]),
    HEADERS_TIMEOUT_MS: milliseconds(10_000),
    REQUEST_TIMEOUT_MS: milliseconds(30_000),
    KEEP_ALIVE_TIMEOUT_MS: milliseconds(72_000),
    SHUTDOWN_GRACE_MS: z.coerce.number().int().min(100).max(600_000).default(8000),
  })
  .refine((c) => c.HEADERS_TIMEOUT_MS <= c.REQUEST_TIMEOUT_MS, { path: ['HEADERS_TIMEOUT_MS'], message: 'must not exceed REQUEST_TIMEOUT_MS' });

/**
 * Secrets may come from files instead (X_FILE names the file), so Docker and Kubernetes
 * secrets can be mounted without putting the value in the process environment.
 */
export const SECRET_VARIABLES = ['DATABASE_URL', 'API_KEYS', 'METRICS_TOKEN'] as const;

/** Every variable the service reads, for the documentation tests. */
export const CONFIG_VARIABLES = [...Object.keys(envSchema.shape), ...SECRET_VARIABLES.map((v) => `${v}_FILE`)];

export type AppConfig = {
  port: number;
  host: string;
  databaseUrl: string;
  apiKeys: ConfiguredKey[];
  logLevel: 'error' | 'warn' | 'log' | 'info' | 'debug' | 'verbose';
  /** JSON lines for machines (the default); pretty for a person at a terminal. */
  logFormat: 'json' | 'pretty';
  /** Bearer token a Prometheus scraper may use for GET /metrics. */
  metricsToken?: string;
  /** Browser origins allowed to call the API (CORS); empty turns CORS off. */
  corsOrigins: string[];
  http: { headersTimeoutMs: number; requestTimeoutMs: number; keepAliveTimeoutMs: number };
  /** How long in-flight requests get after SIGTERM before the process stops anyway. */
  shutdownGraceMs: number;
};

export class ConfigError extends Error {}

/** Reads and checks the environment once, at boot; a bad value stops start-up naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const input: Record<string, string | undefined> = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const fileErrors: string[] = [];
  for (const name of SECRET_VARIABLES) {
    const file = input[`${name}_FILE`];
    if (file === undefined) continue;
    if (input[name] !== undefined) fileErrors.push(`${name}_FILE: set either ${name} or ${name}_FILE, not both`);
    else {
      try {
        // A secret file usually ends with a newline that is not part of the value.
        input[name] = readFileSync(file, 'utf8').replace(/\r?\n$/, '');
      } catch (error) {
        fileErrors.push(`${name}_FILE: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
      }
    }
  }
  if (fileErrors.length > 0) throw new ConfigError(`Invalid configuration:\n  ${fileErrors.join('\n  ')}`);
  const parsed = envSchema.safeParse(input);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${String(i.path[0] ?? 'environment')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const c = parsed.data;
  return {
    port: c.PORT,
    host: c.HOST,
    databaseUrl: c.DATABASE_URL,
    apiKeys: c.API_KEYS,
    logLevel: c.LOG_LEVEL,
    logFormat: c.LOG_FORMAT,
    ...(c.METRICS_TOKEN ? { metricsToken: c.METRICS_TOKEN } : {}),
    shutdownGraceMs: c.SHUTDOWN_GRACE_MS,
    corsOrigins: c.CORS_ORIGINS,
    http: { headersTimeoutMs: c.HEADERS_TIMEOUT_MS, requestTimeoutMs: c.REQUEST_TIMEOUT_MS, keepAliveTimeoutMs: c.KEEP_ALIVE_TIMEOUT_MS },
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
