import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('fills defaults', () => {
    expect(loadConfig({})).toMatchObject({ port: 3000, host: '0.0.0.0', databaseUrl: 'sqlite:data/placement.db', apiKeys: [], logLevel: 'log', shutdownGraceMs: 8000 });
    expect(loadConfig({}).limits).toMatchObject({ rateLimitPerKey: 3000, storedEvaluationsPerKeyPerHour: 20_000, authFailuresPerAddress: 20, dbDurability: 'refuse' });
    expect(loadConfig({})).toMatchObject({ logFormat: 'json', corsOrigins: [], keepAliveTimeoutMs: 72_000 });
    expect(loadConfig({}).limits).toMatchObject({ headersTimeoutMs: 10_000, requestTimeoutMs: 30_000 });
  });

  it('reads the CORS allow-list', () => {
    expect(loadConfig({ CORS_ORIGINS: 'https://portal.example.com, http://localhost:5173' }).corsOrigins).toEqual(['https://portal.example.com', 'http://localhost:5173']);
  });

  it('parses API keys', () => {
    expect(loadConfig({ API_KEYS: 'ci:evaluator:0123456789abcdef0123456789abcdef, ops:admin:fedcba9876543210fedcba9876543210:x' }).apiKeys).toEqual([
      { name: 'ci', role: 'evaluator', secret: '0123456789abcdef0123456789abcdef' },
      { name: 'ops', role: 'admin', secret: 'fedcba9876543210fedcba9876543210:x' },
    ]);
  });

  it('accepts a secret of exactly 32 characters', () => {
    expect(loadConfig({ API_KEYS: `ci:admin:${'x'.repeat(32)}` }).apiKeys).toHaveLength(1);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ API_KEYS: 'ci:root:0123456789abcdef0123456789abcdef' }, 'API_KEYS'],
    [{ API_KEYS: 'ci:admin:short' }, 'API_KEYS'],
    [{ API_KEYS: `ci:admin:${'x'.repeat(31)}` }, 'API_KEYS'],
    [{ API_KEYS: `ci:admin:${'x'.repeat(257)}` }, 'API_KEYS'],
    [{ DB_DURABILITY: 'maybe' }, 'DB_DURABILITY'],
    [{ API_KEYS: 'a:admin:0123456789abcdef0123456789abcdef,a:evaluator:0123456789abcdef0123456789abcdef' }, 'API_KEYS'],
    [{ LOG_LEVEL: 'chatty' }, 'LOG_LEVEL'],
    [{ LOG_FORMAT: 'xml' }, 'LOG_FORMAT'],
    [{ METRICS_TOKEN: 'short' }, 'METRICS_TOKEN'],
    [{ CORS_ORIGINS: 'https://portal.example.com/path' }, 'CORS_ORIGINS'],
    [{ CORS_ORIGINS: '*' }, 'CORS_ORIGINS'],
    [{ REQUEST_TIMEOUT_MS: '0' }, 'REQUEST_TIMEOUT_MS'],
    [{ HEADERS_TIMEOUT_MS: '40000' }, 'HEADERS_TIMEOUT_MS'],
    [{ KEEP_ALIVE_TIMEOUT_MS: '0' }, 'KEEP_ALIVE_TIMEOUT_MS'],
    [{ SHUTDOWN_GRACE_MS: '10' }, 'SHUTDOWN_GRACE_MS'],
    [{ API_KEYS_FILE: '/nonexistent/placement-keys' }, 'API_KEYS_FILE'],
  ])('stops on %j naming %s', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`${variable}:`));
  });

  describe('secrets from files', () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'placement-config-'));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const secretFile = (name: string, content: string) => {
      const file = join(dir, name);
      writeFileSync(file, content, { mode: 0o600 });
      return file;
    };

    it('reads DATABASE_URL_FILE and API_KEYS_FILE, without the trailing newline', () => {
      const config = loadConfig({
        DATABASE_URL_FILE: secretFile('db', 'postgres://placement:s3cret@db:5432/placement\n'),
        API_KEYS_FILE: secretFile('keys', 'ops:admin:fedcba9876543210fedcba9876543210\n'),
      });
      expect(config.databaseUrl).toBe('postgres://placement:s3cret@db:5432/placement');
      expect(config.apiKeys).toEqual([{ name: 'ops', role: 'admin', secret: 'fedcba9876543210fedcba9876543210' }]);
    });

    it('checks a value read from a file like one from the environment, naming the variable', () => {
      expect(() => loadConfig({ API_KEYS_FILE: secretFile('bad-keys', 'ops:root:fedcba9876543210fedcba9876543210') })).toThrow(/API_KEYS:.*role 'root'/);
    });

    it('refuses a variable set both ways', () => {
      expect(() => loadConfig({ API_KEYS: 'ops:admin:fedcba9876543210fedcba9876543210', API_KEYS_FILE: secretFile('keys2', 'ops:admin:fedcba9876543210fedcba9876543210') })).toThrow(/API_KEYS_FILE: set either API_KEYS or API_KEYS_FILE, not both/);
    });

    it('treats an empty X_FILE as unset', () => {
      expect(loadConfig({ API_KEYS_FILE: '' }).apiKeys).toEqual([]);
    });
  });
});
