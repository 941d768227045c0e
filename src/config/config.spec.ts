import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('fills defaults', () => {
    expect(loadConfig({})).toEqual({ port: 3000, host: '0.0.0.0', databaseUrl: 'sqlite:data/placement.db', apiKeys: [], logLevel: 'log', logFormat: 'json', corsOrigins: [],
      http: { headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 72_000 },
    });
  });

  it('reads the CORS allow-list', () => {
    expect(loadConfig({ CORS_ORIGINS: 'https://portal.example.com, http://localhost:5173' }).corsOrigins).toEqual(['https://portal.example.com', 'http://localhost:5173']);
  });

  it('parses API keys', () => {
    expect(loadConfig({ API_KEYS: 'ci:evaluator:0123456789abcdef, ops:admin:fedcba9876543210:x' }).apiKeys).toEqual([
      { name: 'ci', role: 'evaluator', secret: '0123456789abcdef' },
      { name: 'ops', role: 'admin', secret: 'fedcba9876543210:x' },
    ]);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ API_KEYS: 'ci:root:0123456789abcdef' }, 'API_KEYS'],
    [{ API_KEYS: 'ci:admin:short' }, 'API_KEYS'],
    [{ API_KEYS: 'a:admin:0123456789abcdef,a:evaluator:0123456789abcdef' }, 'API_KEYS'],
    [{ LOG_LEVEL: 'chatty' }, 'LOG_LEVEL'],
    [{ LOG_FORMAT: 'xml' }, 'LOG_FORMAT'],
    [{ METRICS_TOKEN: 'short' }, 'METRICS_TOKEN'],
    [{ CORS_ORIGINS: 'https://portal.example.com/path' }, 'CORS_ORIGINS'],
    [{ CORS_ORIGINS: '*' }, 'CORS_ORIGINS'],
    [{ REQUEST_TIMEOUT_MS: '0' }, 'REQUEST_TIMEOUT_MS'],
    [{ HEADERS_TIMEOUT_MS: '40000' }, 'HEADERS_TIMEOUT_MS'],
  ])('stops on %j naming %s', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`${variable}:`));
  });
});
