import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EvaluationRecord } from '../evaluations/evaluation-record.entity.js';
import { MatricesModule } from '../matrices/matrices.module.js';
import { ImpactController } from './impact.controller.js';
import { ImpactService } from './impact.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([EvaluationRecord]), MatricesModule],
  controllers: [ImpactController],
  providers: [ImpactService],
})
export class ImpactModule {}
