import { Injectable } from '@nestjs/common';
import { deriveWorkload, type DerivedWorkload } from '../engine/index.js';

@Injectable()
export class WorkloadsService {
  derive(manifest: unknown): DerivedWorkload {
    return deriveWorkload(manifest);
  }
}
