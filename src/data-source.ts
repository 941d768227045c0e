// Entry for the TypeORM CLI (npm run typeorm -- migration:run, migration:revert, schema:log, ...).
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from './config/config.js';
import { buildDataSourceOptions } from './database/data-source-options.js';
import { ENTITIES } from './entities.js';

export default new DataSource({ ...buildDataSourceOptions(loadConfig().databaseUrl), entities: ENTITIES });
