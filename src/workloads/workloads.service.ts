import { Injectable } from '@nestjs/common';
import { PRINTABLE_TEXT } from '../common/field-decorators.js';
import { deriveWorkload, type DerivedWorkload } from '../engine/index.js';
import type { DeriveLimits } from '../engine/manifest.js';
import { WORKLOAD_MAXIMA, WORKLOAD_NAME_MAX_LENGTH } from '../evaluations/dto/workload.dto.js';

/** The limits POST /v1/evaluations applies, so a draft never carries a value it would refuse. */
const REQUEST_LIMITS: DeriveLimits = { maxInstances: WORKLOAD_MAXIMA.instances, maxNameLength: WORKLOAD_NAME_MAX_LENGTH, namePattern: PRINTABLE_TEXT };

@Injectable()
export class WorkloadsService {
  derive(manifest: unknown): DerivedWorkload {
    return deriveWorkload(manifest, REQUEST_LIMITS);
  }
}
