import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MatrixCatalogService } from './matrix-catalog.service.js';
import { MatricesController } from './matrices.controller.js';
import { MatrixVersion } from './matrix-version.entity.js';

@Module({
  imports: [TypeOrmModule.forFeature([MatrixVersion])],
  controllers: [MatricesController],
  providers: [MatrixCatalogService],
  exports: [MatrixCatalogService],
})
export class MatricesModule {}
