import { Controller, HttpCode, HttpStatus, Param, Post, Query, UseInterceptors } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { HeavyRequestInterceptor } from '../common/heavy-request.interceptor.js';
import { CurrentKey, RequireRole, type AuthenticatedKey } from '../auth/auth.decorators.js';
import { ApiProblems } from '../common/api-problem-responses.js';
import { ImpactService } from './impact.service.js';
import { ImpactQueryDto, ImpactReportDto } from './dto/impact.dto.js';

@ApiTags('matrices')
@ApiSecurity('api-key')
@ApiSecurity('bearer')
@Controller('v1/matrices')
export class ImpactController {
  constructor(private readonly impact: ImpactService) {}

  @Post(':version/impact')
  @RequireRole('admin')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ operationId: 'reportMatrixImpact', summary: 'Re-decide stored evaluations under a draft or published version and report what would change (admin; stores nothing)' })
  @ApiOkResponse({ type: ImpactReportDto })
  @ApiProblems(400, 401, 403, 404, 429)
  @UseInterceptors(HeavyRequestInterceptor)
  report(@Param('version') version: string, @Query() query: ImpactQueryDto, @CurrentKey() key: AuthenticatedKey) {
    return this.impact.impact(version, query, key);
  }
}
