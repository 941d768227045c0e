import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../common/api-problem-responses.js';
import { AppError } from '../common/app-error.js';
import { InjectDataSource } from '@nestjs/typeorm';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import type { DataSource } from 'typeorm';
import { Public } from '../auth/auth.decorators.js';
import { MatrixCatalogService } from '../matrices/matrix-catalog.service.js';
import { Readiness } from './readiness.js';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly indicators: HealthIndicatorService,
    private readonly catalog: MatrixCatalogService,
    private readonly readiness: Readiness,
  ) {}

  // Terminus documents itself only when it can require() @nestjs/swagger, which differs
  // between Node and Jest; documenting here keeps openapi.yaml the same everywhere.
  @Get('live')
  @ApiOperation({ operationId: 'getLiveness', security: [], summary: 'The process is up' })
  @ApiOkResponse({ description: 'Up' })
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  live() {
    return this.health.check([]);
  }

  @Get('ready')
  @ApiOperation({ operationId: 'getReadiness', security: [], summary: 'The database answers and an active matrix is loaded' })
  @ApiOkResponse({ description: 'Ready; details per check' })
  @ApiProblems(503)
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  ready() {
    if (this.readiness.draining) throw new ServiceUnavailableException('The service is shutting down.');
    return this.health.check([
      // Terminus' TypeORM indicator loads @nestjs/typeorm with a synchronous require(), which
      // an ES-module-only package does not survive under Jest; a ping through the DataSource does.
      async () => {
        const indicator = this.indicators.check('database');
        const started = Date.now();
        try {
          await this.dataSource.query('SELECT 1');
          return indicator.up({ responseTime: Date.now() - started });
        } catch {
          // The driver's message can name hosts, files or users; the log has it, the probe does not.
          return indicator.down({ reason: 'the database does not answer' });
        }
      },
      async () => {
        const indicator = this.indicators.check('matrix');
        try {
          const { matrix } = await this.catalog.resolve();
          return indicator.up({ version: matrix.version });
        } catch (error) {
          return indicator.down({ reason: error instanceof AppError ? error.message : 'the active matrix cannot be read' });
        }
      },
    ]);
  }
}
