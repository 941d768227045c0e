import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsDefined, ValidateNested } from 'class-validator';
import { ClosedSchema, ObjectItems } from '../../common/field-decorators.js';
import { WorkloadDto } from './workload.dto.js';

@ClosedSchema()
export class BatchEvaluationDto {
  @ApiProperty({ type: [WorkloadDto], minItems: 1, maxItems: 1000, description: 'Workloads to evaluate; answers keep this order.' })
  @IsDefined()
  @IsArray()
  @ArrayMinSize(1, { message: 'workloads must hold at least one workload' })
  @ArrayMaxSize(1000, { message: 'workloads must hold at most 1,000 workloads; split larger portfolios into several batches' })
  @ObjectItems()
  @ValidateNested({ each: true })
  @Type(() => WorkloadDto)
  workloads!: WorkloadDto[];
}
