import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../common/api-problem-responses.js';
import { MatrixCatalogService } from './matrix-catalog.service.js';
import { MatrixListDto, MatrixViewDto, toMatrixSummary, toMatrixView } from './dto/matrix-view.dto.js';

@ApiTags('matrices')
@ApiSecurity('api-key')
@ApiSecurity('bearer')
@ApiProblems(401)
@Controller('v1/matrices')
export class MatricesController {
  constructor(private readonly catalog: MatrixCatalogService) {}

  @Get()
  @ApiOperation({ summary: 'Every matrix version with its status, checksum and timestamps' })
  @ApiOkResponse({ type: MatrixListDto })
  async list(): Promise<MatrixListDto> {
    return { items: (await this.catalog.list()).map(toMatrixSummary) };
  }

  @Get('active')
  @ApiOperation({ summary: 'The version new evaluations use by default' })
  @ApiOkResponse({ type: MatrixViewDto })
  async active(): Promise<MatrixViewDto> {
    return toMatrixView(await this.catalog.getActive());
  }

  @Get(':version')
  @ApiOperation({ summary: 'One matrix version, with its document' })
  @ApiOkResponse({ type: MatrixViewDto })
  @ApiProblems(404)
  async get(@Param('version') version: string): Promise<MatrixViewDto> {
    return toMatrixView(await this.catalog.get(version));
  }
}
