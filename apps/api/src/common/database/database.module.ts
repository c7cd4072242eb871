import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppSettings } from '../../config/app-config';
import { dataSourceOptions } from './data-source-options';
import { Sql } from './sql';
import { TransactionRunner } from './transaction-runner';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppSettings],
      useFactory: (settings: AppSettings) => ({ ...dataSourceOptions(settings.values), retryAttempts: 3, retryDelay: 1000 }),
    }),
  ],
  providers: [TransactionRunner, Sql],
  exports: [TransactionRunner, Sql],
})
export class DatabaseModule {}
