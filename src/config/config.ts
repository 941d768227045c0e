import { readFileSync } from 'node:fs';
import { z } from 'zod';

export type Role = 'evaluator' | 'admin';
export interface ConfiguredKey {
  name: string;
  role: Role;
  secret: string;
}

/** A configured secret is only as strong as its length; 32 characters leave room for 128 bits even when typed by hand. */
export const MIN_SECRET_LENGTH = 32;
export const MAX_SECRET_LENGTH = 256;

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
    else if (secret.length < MIN_SECRET_LENGTH) ctx.addIssue({ code: 'custom', message: `key '${name}' needs a secret of at least ${MIN_SECRET_LENGTH} characters` });
    else if (secret.length > MAX_SECRET_LENGTH || !/^[\x21-\x7e]+$/.test(secret)) ctx.addIssue({ code: 'custom', message: `key '${name}' needs a secret of at most ${MAX_SECRET_LENGTH} printable characters without spaces` });
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

const envSchema = z.object({
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
  KEEP_ALIVE_TIMEOUT_MS: z.coerce.number().int().min(1).max(600_000).default(72_000),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(100).max(600_000).default(8000),
  ...hardeningEnv(),
});

/** Limits against hostile or broken clients (README, "Security and durability"). */
function hardeningEnv() {
  const count = (fallback: number, max = 1_000_000) => z.coerce.number().int().min(1).max(max).default(fallback);
  return {
    BOOTSTRAP_KEY_FILE: z.string().min(1).default('data/bootstrap-admin.key'),
    RATE_LIMIT_PER_KEY: count(3000),
    RATE_LIMIT_PER_ADDRESS: count(6000),
    AUTH_FAILURES_PER_ADDRESS: count(20),
    RATE_LIMIT_WINDOW_SECONDS: count(60, 3600),
    CONCURRENT_HEAVY_PER_KEY: count(2, 1000),
    STORED_EVALUATIONS_PER_KEY_PER_HOUR: count(20_000, 100_000_000),
    MAX_CONNECTIONS: count(1000),
    MAX_REQUESTS_PER_CONNECTION: count(1000),
    REQUEST_TIMEOUT_MS: count(30_000, 600_000),
    HEADERS_TIMEOUT_MS: count(10_000, 600_000),
    DB_DURABILITY: z.enum(['refuse', 'warn']).default('refuse'),
    // Behind a reverse proxy every client has the proxy's address; naming the proxy lets the
    // per-address limits see the client from X-Forwarded-For, and only when the proxy sent it.
    TRUSTED_PROXIES: z
      .string()
      .default('')
      .transform((raw) =>
        raw
          .split(',')
          .map((p) => p.trim())
          .filter(Boolean),
      )
      .refine((list) => list.every((p) => /^[0-9a-fA-F.:]+(\/\d{1,3})?$/.test(p)), 'a comma-separated list of IP addresses or CIDR ranges'),
  };
}

export interface HardeningConfig {
  bootstrapKeyFile: string;
  rateLimitPerKey: number;
  rateLimitPerAddress: number;
  authFailuresPerAddress: number;
  rateLimitWindowSeconds: number;
  concurrentHeavyPerKey: number;
  /** Stored records (a batch counts each workload) per key per hour: a storage quota. */
  storedEvaluationsPerKeyPerHour: number;
  maxConnections: number;
  /** Then the connection is closed, so clients reconnect and spread over replicas behind a balancer. */
  maxRequestsPerConnection: number;
  requestTimeoutMs: number;
  headersTimeoutMs: number;
  /** What to do when Postgres runs with fsync or synchronous_commit off. */
  dbDurability: 'refuse' | 'warn';
  /** Proxies whose X-Forwarded-For is believed; empty: the socket's address is the client. */
  trustedProxies: string[];
}

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
  /** Idle keep-alive connections close after this; longer than a load balancer's idle timeout, so it closes first. */
  keepAliveTimeoutMs: number;
  /** How long in-flight requests get after SIGTERM before the process stops anyway. */
  shutdownGraceMs: number;
  limits: HardeningConfig;
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
  if (c.HEADERS_TIMEOUT_MS > c.REQUEST_TIMEOUT_MS) throw new ConfigError('Invalid configuration:\n  HEADERS_TIMEOUT_MS: must not exceed REQUEST_TIMEOUT_MS');
  const limits: HardeningConfig = {
    bootstrapKeyFile: c.BOOTSTRAP_KEY_FILE,
    rateLimitPerKey: c.RATE_LIMIT_PER_KEY,
    rateLimitPerAddress: c.RATE_LIMIT_PER_ADDRESS,
    authFailuresPerAddress: c.AUTH_FAILURES_PER_ADDRESS,
    rateLimitWindowSeconds: c.RATE_LIMIT_WINDOW_SECONDS,
    concurrentHeavyPerKey: c.CONCURRENT_HEAVY_PER_KEY,
    storedEvaluationsPerKeyPerHour: c.STORED_EVALUATIONS_PER_KEY_PER_HOUR,
    maxConnections: c.MAX_CONNECTIONS,
    maxRequestsPerConnection: c.MAX_REQUESTS_PER_CONNECTION,
    requestTimeoutMs: c.REQUEST_TIMEOUT_MS,
    headersTimeoutMs: c.HEADERS_TIMEOUT_MS,
    dbDurability: c.DB_DURABILITY,
    trustedProxies: c.TRUSTED_PROXIES,
  };
  return {
    port: c.PORT,
    host: c.HOST,
    databaseUrl: c.DATABASE_URL,
    apiKeys: c.API_KEYS,
    logLevel: c.LOG_LEVEL,
    logFormat: c.LOG_FORMAT,
    ...(c.METRICS_TOKEN ? { metricsToken: c.METRICS_TOKEN } : {}),
    corsOrigins: c.CORS_ORIGINS,
    keepAliveTimeoutMs: c.KEEP_ALIVE_TIMEOUT_MS,
    shutdownGraceMs: c.SHUTDOWN_GRACE_MS,
    limits,
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
