import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { tap, type Observable } from 'rxjs';
import { addLogFields } from './http-observability.js';
import type { EvaluationAnswer } from '../evaluations/evaluations.service.js';
import { Metrics } from './metrics.js';

/** Counts evaluations and puts the decision on the request's log line, for one evaluation or a batch. */
@Injectable()
export class EvaluationTelemetryInterceptor implements NestInterceptor {
  constructor(private readonly metrics: Metrics) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    return next.handle().pipe(
      tap(({ decisions }: EvaluationAnswer) => {
        const counts: Record<string, number> = {};
        for (const d of decisions) {
          const recommendation = d.recommendation ?? 'none';
          this.metrics.evaluations.inc({ recommendation, matrix_version: d.matrixVersion });
          counts[recommendation] = (counts[recommendation] ?? 0) + 1;
        }
        const first = decisions[0];
        if (!first) return;
        if (decisions.length === 1) addLogFields(request, { matrixVersion: first.matrixVersion, recommendation: first.recommendation ?? 'none' });
        else addLogFields(request, { matrixVersion: first.matrixVersion, evaluations: decisions.length, summary: counts });
      }),
    );
  }
}
