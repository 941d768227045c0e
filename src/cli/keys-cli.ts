#!/usr/bin/env node
// placement-keys: manage API keys on the server itself, straight against the database.
// This is how a lost admin key is replaced: whoever can run this on the server already
// holds the database, so it needs no key. Exit codes: 0 ok, 1 refused, 2 usage or I/O error.
import 'reflect-metadata';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { StoredApiKey } from '../auth/api-key.entity.js';
import { ApiKeyStore, KEY_NAME_PATTERN, KeyNameTakenError } from '../auth/api-key-store.js';
import { buildDataSourceOptions } from '../database/data-source-options.js';
import { openAndMigrate } from '../database/migrate.js';
import { unreachableNameReason } from '../common/reserved-names.js';

export interface KeysIo {
  out: (line: string) => void;
  err: (line: string) => void;
  env: NodeJS.ProcessEnv;
}

const USAGE = `usage: placement-keys <command>     (database from DATABASE_URL, default sqlite:data/placement.db)
  create <name> [--role admin|evaluator] [--expires <ISO date-time>]
                         create a key and print its secret once (role admin by default)
  list                   every key without secrets
  revoke <name>          revoke the active key of that name
exit codes: 0 ok, 1 refused, 2 usage or I/O error`;

export async function runKeysCli(args: string[], io: KeysIo): Promise<number> {
  const [command, ...rest] = args;
  if (!command || !['create', 'list', 'revoke'].includes(command)) {
    io.err(USAGE);
    return 2;
  }
  const option = (name: string) => {
    const i = rest.indexOf(name);
    return i >= 0 ? rest[i + 1] : undefined;
  };
  const name = rest.find((a, i) => !a.startsWith('--') && !rest[i - 1]?.startsWith('--'));
  const role = option('--role') ?? 'admin';
  const expires = option('--expires');
  if (command !== 'list' && (!name || !KEY_NAME_PATTERN.test(name))) {
    io.err('name must be 1-100 letters, digits, dots, dashes or underscores');
    return 2;
  }
  const unreachable = command === 'create' ? unreachableNameReason(name) : undefined;
  if (unreachable) {
    io.err(`name ${unreachable}`);
    return 2;
  }
  if (role !== 'admin' && role !== 'evaluator') {
    io.err('--role must be admin or evaluator');
    return 2;
  }
  if (expires !== undefined && !(Date.parse(expires) > Date.now())) {
    io.err('--expires must be a date-time in the future');
    return 2;
  }

  let dataSource;
  try {
    dataSource = await openAndMigrate({ ...buildDataSourceOptions(io.env.DATABASE_URL || 'sqlite:data/placement.db'), entities: [StoredApiKey] });
  } catch (error) {
    io.err(`cannot open the database: ${(error as Error).message}`);
    return 2;
  }
  const store = new ApiKeyStore(dataSource.getRepository(StoredApiKey));
  try {
    if (command === 'list') {
      for (const k of await store.list()) io.out([k.name, k.role, k.source, k.id, k.revokedAt ? `revoked ${k.revokedAt}` : k.expiresAt ? `expires ${k.expiresAt}` : 'active', `last used ${k.lastUsedAt ?? 'never'}`].join('\t'));
      return 0;
    }
    if (command === 'revoke') {
      const row = await dataSource.transaction((manager) => store.revoke(manager, name!));
      if (!row) {
        io.err(`no active key is named '${name}'`);
        return 1;
      }
      io.out(`revoked '${name}' (${row.id}); every replica refuses it within a second`);
      return 0;
    }
    const { row, secret } = await dataSource.transaction((manager) => store.create(manager, { name: name!, role, expiresAt: expires ? new Date(expires).toISOString() : null, source: 'api', createdBy: 'cli' }));
    io.err(`created ${role} key '${row.name}' (${row.id}); its secret follows and is not shown again`);
    io.out(secret);
    return 0;
  } catch (error) {
    if (error instanceof KeyNameTakenError) {
      io.err(error.message);
      return 1;
    }
    throw error;
  } finally {
    await dataSource.destroy();
  }
}

const invokedDirectly = process.argv[1] && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
if (invokedDirectly) {
  runKeysCli(process.argv.slice(2), { out: (l) => console.log(l), err: (l) => console.error(l), env: process.env }).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error((error as Error).message);
      process.exit(2);
    },
  );
}
