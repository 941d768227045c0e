import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../common/api-problem-responses.js';
import { DeriveResponseDto } from './dto/derive.dto.js';
import { WorkloadsService } from './workloads.service.js';

const DEPLOYMENT_EXAMPLE = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'checkout' },
  spec: {
    replicas: 6,
    template: { spec: { hostNetwork: true, containers: [{ name: 'api', image: 'registry.example/checkout:1.4', resources: { limits: { 'nvidia.com/gpu': 1 } } }] } },
  },
};

@ApiTags('workloads')
@ApiSecurity('api-key')
@ApiSecurity('bearer')
@ApiProblems(401)
@Controller('v1/workloads')
export class WorkloadsController {
  constructor(private readonly workloads: WorkloadsService) {}

  @Post('derive')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ operationId: 'deriveWorkload', summary: 'Draft a workload request from a Kubernetes Pod, Deployment, StatefulSet, DaemonSet, Job or CronJob (JSON or YAML); stores nothing' })
  @ApiBody({
    description: 'One Kubernetes object, as JSON or as YAML (Content-Type: application/yaml)',
    schema: { type: 'object', additionalProperties: true },
    examples: { deployment: { summary: 'A Deployment with host networking and a GPU', value: DEPLOYMENT_EXAMPLE } },
  })
  @ApiOkResponse({ type: DeriveResponseDto })
  @ApiProblems(400, 413, 415, 422)
  derive(@Body() manifest: unknown) {
    return this.workloads.derive(manifest);
  }
}
