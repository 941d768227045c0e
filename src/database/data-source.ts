// Entry for the TypeORM CLI (npm run typeorm -- migration:run, migration:revert, ...).
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/config.js';
import { buildDataSourceOptions } from './data-source-options.js';

export default new DataSource(buildDataSourceOptions(loadConfig().databaseUrl));
