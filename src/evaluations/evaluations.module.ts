import { Module } from '@nestjs/common';
import { MatricesModule } from '../matrices/matrices.module.js';
import { EvaluationsController } from './evaluations.controller.js';
import { EvaluationsService } from './evaluations.service.js';
import { EvaluationStore } from './evaluation-store.js';
import { EvaluationWriter } from './evaluation-writer.js';

@Module({
  imports: [MatricesModule],
  controllers: [EvaluationsController],
  providers: [EvaluationsService, EvaluationStore, EvaluationWriter],
  exports: [EvaluationsService, EvaluationStore],
})
export class EvaluationsModule {}
