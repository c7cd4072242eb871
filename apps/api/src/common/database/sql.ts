import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool, PoolClient, QueryResult } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';

/**
 * One SQL statement of the hot path, written once with PostgreSQL's `$1…$n` placeholders and prepared once per
 * connection (a named prepared statement on PostgreSQL, a cached better-sqlite3 Statement on SQLite). TypeORM
 * rebuilds, re-maps and re-prepares its SQL on every call; on order+pay that was the largest share of the API's
 * CPU (bench/findings.md §8), so the statements every shopper request runs are written by hand here.
 */
export interface SqlStatement {
  /** Unique per text: PostgreSQL keeps prepared statements per connection under this name. */
  readonly name: string;
  readonly pg: string;
  /** The same text with `?` placeholders, and which parameter each `?` takes. */
  readonly sqlite: string;
  readonly order: readonly number[];
}

/** The part of better-sqlite3 used here (the package ships no types of its own). */
interface Statement {
  all(...params: unknown[]): unknown[];
  run(...params: unknown[]): { changes: number };
}
interface Database {
  readonly inTransaction: boolean;
  prepare(text: string): Statement;
}

const registered = new Map<string, string>();

/** Declares a statement (at module load, once); `$n` may appear several times or in any order. */
export function sqlStatement(name: string, text: string): SqlStatement {
  const known = registered.get(name);
  if (known !== undefined && known !== text) throw new Error(`SQL statement name "${name}" is already used for another text`);
  registered.set(name, text);
  const order: number[] = [];
  const sqlite = text.replace(/\$(\d+)/g, (_, n: string) => {
    order.push(Number(n) - 1);
    return '?';
  });
  return { name, pg: text, sqlite, order };
}

/**
 * A transaction opened by Sql.transaction (through TransactionRunner.runSql): its statements run on one connection
 * and commit together. On SQLite there is only the one connection, so it carries nothing.
 *
 * On PostgreSQL the connection is pipelined (data-source-options.ts) and its socket is held corked while nothing
 * waits for an answer: BEGIN and the writes sent with Sql.write collect in the socket's buffer and leave in one
 * write with the next statement someone awaits, or with the COMMIT. A transaction of writes alone (a new order and
 * its timeline event) is one write and one round trip instead of four; on a small VM every write that wakes the
 * database costs more than the statement itself.
 */
export class SqlTransaction {
  /** What Sql.write sent and nobody awaited yet: the transaction commits only if every one of them succeeded. */
  readonly unsettled: Promise<unknown>[] = [];
  private corked = false;

  constructor(readonly client: PoolClient | null) {}

  /** Holds what is sent next in the socket's buffer (until flush). */
  hold(): void {
    if (this.corked || !this.client) return;
    const stream = socketOf(this.client);
    if (!stream) return;
    stream.cork();
    this.corked = true;
  }

  /** Sends everything held, in the order it was queued. */
  flush(): void {
    if (!this.corked || !this.client) return;
    this.corked = false;
    socketOf(this.client)?.uncork();
  }
}

/** The client's socket (node-postgres keeps it on its connection); null if a future version moves it. */
function socketOf(client: PoolClient): { cork(): void; uncork(): void } | null {
  const stream = (client as unknown as { connection?: { stream?: { cork?: unknown; uncork?: unknown } } }).connection?.stream;
  return stream && typeof stream.cork === 'function' && typeof stream.uncork === 'function' ? (stream as { cork(): void; uncork(): void }) : null;
}

/** Where a statement runs: a TypeORM transaction's manager, one of ours, or (when absent) autocommit. */
export type SqlScope = EntityManager | SqlTransaction;

const BEGIN = sqlStatement('tx_begin', 'BEGIN');
const COMMIT = sqlStatement('tx_commit', 'COMMIT');
const ROLLBACK = sqlStatement('tx_rollback', 'ROLLBACK');

/** A value a statement may bind: instants travel as epoch milliseconds, JSON as text, booleans as 0/1 or true/false. */
export type SqlValue = string | number | null;

/**
 * Runs hot-path statements on the connection TypeORM already holds: the caller's transaction when given its
 * EntityManager (so the write commits or rolls back with the rest), else the shared SQLite connection or the
 * PostgreSQL pool. Rows come back as the driver returns them (pg: BIGINT as string); each owner maps its rows.
 */
@Injectable()
export class Sql {
  private readonly sqliteStatements = new WeakMap<Database, Map<SqlStatement, Statement>>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async rows<T>(statement: SqlStatement, params: readonly SqlValue[], scope?: SqlScope): Promise<T[]> {
    const sqlite = this.sqlite();
    if (sqlite) return this.prepared(sqlite, statement).all(...bind(statement, params)) as T[];
    return (await this.pgQuery(statement, params, scope)).rows as T[];
  }

  /** The number of rows the statement changed. */
  async run(statement: SqlStatement, params: readonly SqlValue[], scope?: SqlScope): Promise<number> {
    const sqlite = this.sqlite();
    if (sqlite) return this.prepared(sqlite, statement).run(...bind(statement, params)).changes;
    return (await this.pgQuery(statement, params, scope)).rowCount ?? 0;
  }

  /**
   * Sends a write of `tx` without waiting for its answer; the transaction waits for it before it reports success,
   * and rolls back when it failed. On PostgreSQL the connection is pipelined (data-source-options.ts), so the
   * writes of a transaction and its COMMIT go out together: one round trip instead of one per statement. Use it
   * for writes whose outcome decides nothing before the commit (an INSERT, an unconditional UPDATE); await
   * `run` for a conditional write whose row count matters. On SQLite it runs at once (and throws at once).
   */
  write(statement: SqlStatement, params: readonly SqlValue[], tx: SqlTransaction): void {
    const sqlite = this.sqlite();
    if (sqlite) {
      this.prepared(sqlite, statement).run(...bind(statement, params));
      return;
    }
    tx.hold();
    tx.unsettled.push(handled((this.pg(tx) as PoolClient).query({ name: statement.name, text: statement.pg, values: params as SqlValue[] })));
  }

  /**
   * Runs `work` in a transaction without TypeORM's query runner (BEGIN/COMMIT prepared once on SQLite; a pooled
   * client of its own on PostgreSQL). Not queued: use TransactionRunner.runSql, which orders it with the others.
   */
  async transaction<T>(work: (tx: SqlTransaction) => Promise<T>): Promise<T> {
    const sqlite = this.sqlite();
    if (sqlite) {
      this.prepared(sqlite, BEGIN).run();
      try {
        const value = await work(new SqlTransaction(null));
        this.prepared(sqlite, COMMIT).run();
        return value;
      } catch (error) {
        if (sqlite.inTransaction) this.prepared(sqlite, ROLLBACK).run();
        throw error;
      }
    }
    const client = await this.pool().connect();
    const tx = new SqlTransaction(client);
    let broken: Error | undefined;
    try {
      // Not awaited: BEGIN waits in the socket's buffer for the first statement (SqlTransaction); its outcome is
      // checked with the writes'.
      tx.hold();
      tx.unsettled.push(handled(client.query('BEGIN')));
      const value = await work(tx);
      const commit = handled(client.query<never>('COMMIT'));
      tx.flush();
      const outcomes = await Promise.allSettled([...tx.unsettled, commit]);
      // The first failure is the cause (a unique violation, say); the statements after it only report the aborted
      // transaction, and PostgreSQL answers the COMMIT of an aborted transaction with ROLLBACK, not an error.
      const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
      if (failed) throw failed.reason;
      if ((await commit).command !== 'COMMIT') throw new Error('the transaction was rolled back instead of committed');
      return value;
    } catch (error) {
      // A connection whose ROLLBACK failed is in an unknown state: the pool must drop it, not lend it again.
      // ROLLBACK answers after everything sent before it, so nothing is still in flight when the client goes back.
      const rollback = client.query('ROLLBACK');
      tx.flush();
      await rollback.catch((rollbackError: Error) => (broken = rollbackError));
      await Promise.allSettled(tx.unsettled);
      throw error;
    } finally {
      client.release(broken);
    }
  }

  /** A statement someone awaits: on a held transaction it leaves now, with whatever was held before it. */
  private pgQuery(statement: SqlStatement, params: readonly SqlValue[], scope?: SqlScope): Promise<QueryResult> {
    const answer = this.pg(scope).query({ name: statement.name, text: statement.pg, values: params as SqlValue[] });
    if (scope instanceof SqlTransaction) scope.flush();
    return answer;
  }

  private sqlite(): Database | null {
    if (this.dataSource.options.type !== 'better-sqlite3') return null;
    // One connection for the whole process: a transaction's manager runs on it too, so there is nothing to pick.
    return (this.dataSource.driver as unknown as { databaseConnection: Database }).databaseConnection;
  }

  private prepared(db: Database, statement: SqlStatement): Statement {
    let cache = this.sqliteStatements.get(db);
    if (!cache) this.sqliteStatements.set(db, (cache = new Map()));
    let prepared = cache.get(statement);
    if (!prepared) cache.set(statement, (prepared = db.prepare(statement.sqlite)));
    return prepared;
  }

  private pg(scope?: SqlScope): Pool | PoolClient {
    if (scope instanceof SqlTransaction) {
      if (!scope.client) throw new Error('an SQLite transaction used on PostgreSQL');
      return scope.client;
    }
    const runner = scope?.queryRunner as { isTransactionActive?: boolean; databaseConnection?: PoolClient } | undefined;
    // Inside a transaction the statement must run on that transaction's client, never on another pooled one.
    if (runner?.isTransactionActive) {
      if (!runner.databaseConnection) throw new Error('transaction without a connection');
      return runner.databaseConnection;
    }
    return this.pool();
  }

  private pool(): Pool {
    return (this.dataSource.driver as unknown as { master: Pool }).master;
  }
}

/** Marks a promise as handled now (its outcome is read later, with allSettled) so Node does not report it. */
function handled<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

function bind(statement: SqlStatement, params: readonly SqlValue[]): SqlValue[] {
  return statement.order.map((i) => params[i]);
}
