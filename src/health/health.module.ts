import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { MatricesModule } from '../matrices/matrices.module.js';
import { HealthController } from './health.controller.js';
import { Readiness } from './readiness.js';

@Module({
  imports: [TerminusModule.forRoot({ errorLogStyle: 'json' }), MatricesModule],
  controllers: [HealthController],
  providers: [Readiness],
  exports: [Readiness],
})
export class HealthModule {}
