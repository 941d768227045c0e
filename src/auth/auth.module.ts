import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { StoredApiKey } from './api-key.entity.js';
import { ApiKeyGuard } from './api-key.guard.js';
import { ApiKeyService } from './api-key.service.js';
import { ApiKeysController } from './api-keys.controller.js';
import { AuthFailures } from './auth-failures.js';

@Module({
  imports: [TypeOrmModule.forFeature([StoredApiKey])],
  controllers: [ApiKeysController],
  providers: [ApiKeyService, AuthFailures, { provide: APP_GUARD, useClass: ApiKeyGuard }],
  exports: [ApiKeyService, AuthFailures],
})
export class AuthModule {}
