import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from './audit/audit.module.js';
import { AuthModule } from './auth/auth.module.js';
import { DatabaseModule } from './database/database.module.js';
import { ImpactModule } from './impact/impact.module.js';
import { APP_CONFIG, type AppConfig } from './config/config.js';
import { buildDataSourceOptions } from './database/data-source-options.js';
import { EvaluationsModule } from './evaluations/evaluations.module.js';
import { HealthModule } from './health/health.module.js';
import { MatricesModule } from './matrices/matrices.module.js';

@Module({})
export class AppModule {
  /** The configuration is read once by the caller (main, tests, scripts) and handed in. */
  static forConfig(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [TypeOrmModule.forRoot({ ...buildDataSourceOptions(config.databaseUrl), autoLoadEntities: true }), DatabaseModule, AuthModule, AuditModule, MatricesModule, EvaluationsModule, ImpactModule, HealthModule],
      providers: [{ provide: APP_CONFIG, useValue: config }],
      exports: [APP_CONFIG],
    };
  }
}
