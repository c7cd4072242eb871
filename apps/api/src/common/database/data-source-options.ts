import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../../config/config.schema';
import { ENTITIES } from './entities';
import { POSTGRES_MIGRATIONS } from './migrations';

/** The SQLite page cache of the API's one connection, in KiB. */
export const SQLITE_CACHE_KIB = 64 * 1024;

/**
 * SQLite file by default (zero set-up for `pnpm dev`); PostgreSQL when DATABASE_URL is set, which is how the
 * API scales out to several instances on one database. PostgreSQL's schema comes from migrations only.
 */
export function dataSourceOptions(config: Pick<AppConfig, 'DATABASE_URL' | 'DATA_DIR'>): DataSourceOptions {
  if (config.DATABASE_URL) {
    return {
      type: 'postgres',
      url: config.DATABASE_URL,
      entities: ENTITIES,
      migrations: POSTGRES_MIGRATIONS,
      migrationsRun: true,
      migrationsTransactionMode: 'each',
      synchronize: false,
      // pipeline: queries sent while earlier ones are unanswered go out at once instead of waiting their turn, so a
      // transaction's deferred writes and its COMMIT cost one round trip (Sql.write). Awaited one at a time (all
      // of TypeORM's use), a pipelined connection behaves as a plain one.
      extra: { max: 10, connectionTimeoutMillis: 5000, pipeline: true },
    };
  }
  const dir = resolve(config.DATA_DIR);
  mkdirSync(dir, { recursive: true });
  return {
    type: 'better-sqlite3',
    database: join(dir, 'minipay.sqlite'),
    entities: ENTITIES,
    synchronize: true,
    enableWAL: true,
    // SQLite's default page cache is 2 MB. Every order+pay writes into several indexes keyed on random ids
    // (uuids, merchant order ids), so once the file is far larger than the cache each insert re-reads its index
    // pages; 64 MB keeps the hot index pages of a million-order database in memory (bench/findings.md, growth).
    prepareDatabase: (db: { pragma(source: string): unknown }) => {
      db.pragma(`cache_size = -${SQLITE_CACHE_KIB}`);
    },
  };
}
