import { Module } from '@nestjs/common';
import { EvaluationsModule } from '../evaluations/evaluations.module.js';
import { MatricesModule } from '../matrices/matrices.module.js';
import { ImpactController } from './impact.controller.js';
import { ImpactService } from './impact.service.js';

@Module({
  imports: [EvaluationsModule, MatricesModule],
  controllers: [ImpactController],
  providers: [ImpactService],
})
export class ImpactModule {}
