import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppSettings } from '../../config/app-config';
import { dataSourceOptions } from './data-source-options';
import { ENTITIES } from './entities';
import { TransactionRunner } from './transaction-runner';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppSettings],
      useFactory: (settings: AppSettings) => ({ ...dataSourceOptions(settings.values), retryAttempts: 3, retryDelay: 1000 }),
    }),
    TypeOrmModule.forFeature(ENTITIES),
  ],
  providers: [TransactionRunner],
  exports: [TypeOrmModule, TransactionRunner],
})
export class DatabaseModule {}
