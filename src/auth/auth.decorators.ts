import { SetMetadata, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Role } from '../config/config.js';

export interface AuthenticatedKey {
  /** Immutable; what records belong to. */
  id: string;
  name: string;
  role: Role;
}

export const PUBLIC_ROUTE = 'auth:public';
export const REQUIRED_ROLE = 'auth:role';

/** No key needed (health probes). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);
/** Only keys of this role (admin keys pass every check). */
export const RequireRole = (role: Role) => SetMetadata(REQUIRED_ROLE, role);

/** The key that made the request, as the guard resolved it. */
export const CurrentKey = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthenticatedKey => {
  return ctx.switchToHttp().getRequest<{ apiKey: AuthenticatedKey }>().apiKey;
});
