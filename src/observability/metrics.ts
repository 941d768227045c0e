import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/**
 * The service's Prometheus metrics, one registry per application instance so that apps
 * created side by side (tests, scripts) never share or double-register counters.
 */
export class Metrics {
  readonly registry = new Registry();

  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from request to response, by method, route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  readonly evaluations = new Counter({
    name: 'placement_evaluations_total',
    help: 'Workloads evaluated (stored or dry run), by recommendation and matrix version',
    labelNames: ['recommendation', 'matrix_version'] as const,
    registers: [this.registry],
  });

  readonly commitBatchSize = new Histogram({
    name: 'placement_group_commit_records',
    help: 'Evaluation records written per group commit',
    buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 5000],
    registers: [this.registry],
  });

  readonly commitDuration = new Histogram({
    name: 'placement_group_commit_duration_seconds',
    help: 'Time to write and commit one group of evaluation records',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    registers: [this.registry],
  });

  readonly databaseErrors = new Counter({
    name: 'placement_database_errors_total',
    help: 'Database queries that failed',
    registers: [this.registry],
  });

  /** enabled=false keeps the shape but records nothing: the benchmark's baseline for what metrics cost. */
  constructor(enabled = true) {
    if (enabled) {
      collectDefaultMetrics({ register: this.registry });
      return;
    }
    const noop = { observe: () => undefined, inc: () => undefined, startTimer: () => () => 0, labels: () => noop };
    Object.assign(this, { httpDuration: noop, evaluations: noop, commitBatchSize: noop, commitDuration: noop, databaseErrors: noop });
  }
}
