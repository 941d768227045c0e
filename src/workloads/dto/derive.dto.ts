import { ApiProperty } from '@nestjs/swagger';
import { PLACEMENT_OPTIONS } from '../../engine/index.js';

export class DeriveResponseDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The request fields the manifest could tell',
    example: { name: 'checkout', orchestration: 'kubernetes', workloadType: 'microservice', privileges: ['host-network'], scale: { instances: 6 }, currentPlacement: 'container' },
  })
  workload!: Record<string, unknown>;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, description: 'For each derived field, the manifest path it came from', example: { 'scale.instances': 'spec.replicas', privileges: 'spec.template.spec.hostNetwork' } })
  provenance!: Record<string, string>;
  @ApiProperty({ type: [String], description: 'Attributes a manifest cannot tell; add them before evaluating', example: ['codeTrust', 'tenancy', 'compliance'] })
  missing!: string[];
  @ApiProperty({ enum: PLACEMENT_OPTIONS, nullable: true, description: 'From runtimeClassName (absent means the default runc); null for an unknown class' })
  currentPlacement!: string | null;
}
