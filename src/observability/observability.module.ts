import { Module, type DynamicModule } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { MetricsController } from './metrics.controller.js';
import { Metrics } from './metrics.js';

@Module({})
export class ObservabilityModule {
  /** The metrics instance is made before Nest starts, because Fastify's hooks and TypeORM's logger need it too. */
  static forRoot(metrics: Metrics): DynamicModule {
    return {
      module: ObservabilityModule,
      global: true,
      imports: [AuthModule],
      controllers: [MetricsController],
      providers: [{ provide: Metrics, useValue: metrics }],
      exports: [Metrics],
    };
  }
}
