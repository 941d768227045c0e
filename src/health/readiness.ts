import { Injectable } from '@nestjs/common';

/** Set when the process starts shutting down, so /health/ready turns away new traffic. */
@Injectable()
export class Readiness {
  draining = false;
}
