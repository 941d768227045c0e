import { Module } from '@nestjs/common';
import { WorkloadsController } from './workloads.controller.js';
import { WorkloadsService } from './workloads.service.js';

@Module({ controllers: [WorkloadsController], providers: [WorkloadsService] })
export class WorkloadsModule {}
