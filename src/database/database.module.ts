import { Global, Module } from '@nestjs/common';
import { DurabilityCheck } from './durability-check.js';
import { Transactions } from './transactions.js';

@Global()
@Module({ providers: [Transactions, DurabilityCheck], exports: [Transactions] })
export class DatabaseModule {}
