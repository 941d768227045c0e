import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { tap, type Observable } from 'rxjs';
import { addLogFields } from './http-observability.js';
import { Metrics } from './metrics.js';

interface Decided {
  recommendation: string | null;
  matrix: { version: string };
}

/** Counts evaluations and puts the decision on the request's log line, for one evaluation or a batch. */
@Injectable()
export class EvaluationTelemetryInterceptor implements NestInterceptor {
  constructor(private readonly metrics: Metrics) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    return next.handle().pipe(
      tap((body: unknown) => {
        const decided = (body as { items?: Decided[] }).items ?? [body as Decided];
        for (const d of decided) this.metrics.evaluations.inc({ recommendation: d.recommendation ?? 'none', matrix_version: d.matrix.version });
        const first = decided[0];
        if (!first) return;
        if (decided.length === 1) addLogFields(request, { matrixVersion: first.matrix.version, recommendation: first.recommendation ?? 'none' });
        else addLogFields(request, { matrixVersion: first.matrix.version, evaluations: decided.length, summary: (body as { summary?: unknown }).summary });
      }),
    );
  }
}
