import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Sql, SqlTransaction } from './sql';

/**
 * Runs a unit of work in one transaction. SQLite (better-sqlite3) has a single connection that TypeORM shares
 * between all callers, so concurrent transactions would interleave on it; we queue them instead. PostgreSQL
 * gets real concurrent transactions from the pool.
 */
@Injectable()
export class TransactionRunner {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly serialize: boolean;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sql: Sql,
  ) {
    this.serialize = dataSource.options.type === 'better-sqlite3';
  }

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.enqueue(() => this.dataSource.transaction(work));
  }

  /**
   * The same guarantees for a unit of work that only runs hand-written statements (common/database/sql.ts): the
   * shopper's hot path, which would otherwise pay for TypeORM's query runner on every BEGIN and COMMIT.
   */
  runSql<T>(work: (tx: SqlTransaction) => Promise<T>): Promise<T> {
    return this.enqueue(() => this.sql.transaction(work));
  }

  private enqueue<T>(transaction: () => Promise<T>): Promise<T> {
    if (!this.serialize) return transaction();
    const result = this.queue.then(transaction);
    this.queue = result.catch(() => undefined);
    return result;
  }
}

/** True when a write failed on a unique constraint, on either driver. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; driverError?: { code?: string } };
  const code = e?.driverError?.code ?? e?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
