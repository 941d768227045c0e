import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Observable } from 'rxjs';
import type { AuthenticatedKey } from '../auth/auth.decorators.js';
import { ConcurrencyLimiter } from '../auth/rate-limiter.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { AppError } from './app-error.js';

let limiter: { limit: number; instance: ConcurrencyLimiter } | undefined;

/**
 * Batches and impact analyses hold the event loop and the database far longer than one
 * evaluation; one key may run only CONCURRENT_HEAVY_PER_KEY of them at once (429 beyond).
 */
@Injectable()
export class HeavyRequestInterceptor implements NestInterceptor {
  private readonly limiter: ConcurrencyLimiter;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const limit = config.limits.concurrentHeavyPerKey;
    if (limiter?.limit !== limit) limiter = { limit, instance: new ConcurrencyLimiter(limit) };
    this.limiter = limiter.instance;
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const key = context.switchToHttp().getRequest<{ apiKey: AuthenticatedKey }>().apiKey;
    return new Observable((subscriber) => {
      this.limiter
        .run(
          key.id,
          () =>
            new Promise<void>((resolve) => {
              next.handle().subscribe({
                next: (value) => subscriber.next(value),
                error: (error) => (subscriber.error(error), resolve()),
                complete: () => (subscriber.complete(), resolve()),
              });
            }),
          () => new AppError('TOO_MANY_CONCURRENT', `Key '${key.name}' already runs ${limiter!.limit} batches or impact analyses; wait for one to finish.`),
        )
        .catch((error: unknown) => subscriber.error(error));
    });
  }
}
