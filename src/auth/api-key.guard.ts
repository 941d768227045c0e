import { ForbiddenException, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '../config/config.js';
import { ApiKeyService } from './api-key.service.js';
import { PUBLIC_ROUTE, REQUIRED_ROLE, type AuthenticatedKey } from './auth.decorators.js';

@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly keys: ApiKeyService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;

    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; apiKey?: AuthenticatedKey }>();
    const header = request.headers['x-api-key'];
    const bearer = request.headers.authorization?.match(/^Bearer\s+(.+)$/i)?.[1];
    const secret = header ?? bearer;
    if (!secret) throw new UnauthorizedException('Send an API key in X-API-Key or Authorization: Bearer.');
    const key = await this.keys.resolve(secret.trim());
    if (!key) throw new UnauthorizedException('The API key is not valid.');
    request.apiKey = key;

    const required = this.reflector.getAllAndOverride<Role | undefined>(REQUIRED_ROLE, targets);
    if (required === 'admin' && key.role !== 'admin') throw new ForbiddenException(`Key '${key.name}' has role ${key.role}; this needs an admin key.`);
    return true;
  }
}
