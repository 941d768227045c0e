import { ForbiddenException, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '../config/config.js';
import { PUBLIC_ROUTE, REQUIRED_ROLE, type AuthenticatedKey } from './auth.decorators.js';

/**
 * Keys are checked by the request gate (request-gate.ts) before the body is read; this
 * guard checks the role a route needs, and refuses a request the gate did not authenticate.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const key = context.switchToHttp().getRequest<{ apiKey?: AuthenticatedKey }>().apiKey;
    if (!key) throw new UnauthorizedException('Send an API key in X-API-Key or Authorization: Bearer.');
    const required = this.reflector.getAllAndOverride<Role | undefined>(REQUIRED_ROLE, targets);
    if (required === 'admin' && key.role !== 'admin') throw new ForbiddenException(`Key '${key.name}' has role ${key.role}; this needs an admin key.`);
    return true;
  }
}
