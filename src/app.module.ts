import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Logger as TypeOrmLogger } from 'typeorm';
import { AuditModule } from './audit/audit.module.js';
import { AuthModule } from './auth/auth.module.js';
import { DatabaseModule } from './database/database.module.js';
import { ImpactModule } from './impact/impact.module.js';
import { APP_CONFIG, type AppConfig } from './config/config.js';
import { buildDataSourceOptions } from './database/data-source-options.js';
import { openAndMigrate } from './database/migrate.js';
import { EvaluationsModule } from './evaluations/evaluations.module.js';
import { HealthModule } from './health/health.module.js';
import { MatricesModule } from './matrices/matrices.module.js';
import type { Metrics } from './observability/metrics.js';
import { ObservabilityModule } from './observability/observability.module.js';
import { WorkloadsModule } from './workloads/workloads.module.js';

/** Made before Nest starts, because Fastify and TypeORM need them as well as Nest. */
export interface Telemetry {
  metrics: Metrics;
  typeormLogger: TypeOrmLogger;
}

@Module({})
export class AppModule {
  /** The configuration is read once by the caller (main, tests, scripts) and handed in. */
  static forConfig(config: AppConfig, telemetry: Telemetry): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => ({ ...buildDataSourceOptions(config.databaseUrl), autoLoadEntities: true, logger: telemetry.typeormLogger, maxQueryExecutionTime: 1000 }),
          dataSourceFactory: (options) => openAndMigrate(options!),
        }),
        ObservabilityModule.forRoot(telemetry.metrics),
        DatabaseModule,
        AuthModule,
        AuditModule,
        MatricesModule,
        EvaluationsModule,
        ImpactModule,
        HealthModule,
        WorkloadsModule,
      ],
      providers: [{ provide: APP_CONFIG, useValue: config }],
      exports: [APP_CONFIG],
    };
  }
}
