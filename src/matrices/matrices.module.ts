import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module.js';
import { MatrixCatalogService } from './matrix-catalog.service.js';
import { MatrixChangeFeed } from './matrix-change-feed.js';
import { MatrixLifecycleService } from './matrix-lifecycle.service.js';
import { MatricesController } from './matrices.controller.js';
import { MatrixVersion } from './matrix-version.entity.js';

@Module({
  imports: [TypeOrmModule.forFeature([MatrixVersion]), AuditModule],
  controllers: [MatricesController],
  providers: [MatrixChangeFeed, MatrixCatalogService, MatrixLifecycleService],
  exports: [MatrixCatalogService],
})
export class MatricesModule {}
