import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MatricesModule } from '../matrices/matrices.module.js';
import { EvaluationRecord } from './evaluation-record.entity.js';
import { EvaluationsController } from './evaluations.controller.js';
import { EvaluationsService } from './evaluations.service.js';
import { EvaluationWriter } from './evaluation-writer.js';

@Module({
  imports: [TypeOrmModule.forFeature([EvaluationRecord]), MatricesModule],
  controllers: [EvaluationsController],
  providers: [EvaluationsService, EvaluationWriter],
  exports: [EvaluationsService],
})
export class EvaluationsModule {}
