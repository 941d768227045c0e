import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('fills defaults', () => {
    expect(loadConfig({})).toMatchObject({ port: 3000, host: '0.0.0.0', databaseUrl: 'sqlite:data/placement.db', apiKeys: [], logLevel: 'log' });
    expect(loadConfig({}).limits).toMatchObject({ rateLimitPerKey: 3000, storedEvaluationsPerKeyPerHour: 20_000, authFailuresPerAddress: 20, dbDurability: 'refuse' });
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
    [{ REQUEST_TIMEOUT_MS: '0' }, 'REQUEST_TIMEOUT_MS'],
    [{ API_KEYS: 'a:admin:0123456789abcdef0123456789abcdef,a:evaluator:0123456789abcdef0123456789abcdef' }, 'API_KEYS'],
    [{ LOG_LEVEL: 'chatty' }, 'LOG_LEVEL'],
  ])('stops on %j naming %s', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`${variable}:`));
  });
});
