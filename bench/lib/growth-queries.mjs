// The SQL the API's sweeps and order listing issue, captured from the API's OWN code (apps/api/dist) rather than
// copied: each service method runs against the database through TypeORM with a logger that records the query
// and its parameters. Methods that would act on what they find (claim, call a provider) get a repository whose
// find() runs the real query and then hands back no rows, so nothing is changed. The captured statements are
// then timed with the raw driver (the same statement many times, median) and explained:
// EXPLAIN QUERY PLAN on SQLite, EXPLAIN (ANALYZE, BUFFERS) on PostgreSQL.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { BENCH_DIR, median } from './proc.mjs';

const apiRequire = createRequire(join(BENCH_DIR, '../apps/api/package.json'));
const dist = (p) => apiRequire(join(BENCH_DIR, '../apps/api/dist', p));

/** Opens a TypeORM DataSource on the API's database (no schema changes) that records every query. */
async function capturingDataSource({ sqliteFile, databaseUrl }) {
  apiRequire('reflect-metadata');
  const { DataSource } = apiRequire('typeorm');
  const { ENTITIES } = dist('common/database/entities.js');
  const log = [];
  const logger = {
    logQuery: (query, parameters) => log.push({ sql: query, params: parameters ?? [] }),
    logQueryError: () => {},
    logQuerySlow: () => {},
    logSchemaBuild: () => {},
    logMigration: () => {},
    log: () => {},
  };
  const options = databaseUrl
    ? { type: 'postgres', url: databaseUrl, entities: ENTITIES, synchronize: false, migrationsRun: false, logging: ['query'], logger }
    : { type: 'better-sqlite3', database: sqliteFile, entities: ENTITIES, synchronize: false, logging: ['query'], logger };
  const ds = new DataSource(options);
  await ds.initialize();
  return { ds, log };
}

/** A repository whose find() runs the real query but returns no rows (so the sweep claims and calls nothing). */
function findOnly(repo) {
  return new Proxy(repo, {
    get(target, prop, receiver) {
      if (prop === 'find') return async (options) => (await target.find(options), []);
      return Reflect.get(target, prop, receiver);
    },
  });
}

/**
 * Runs each query function of the API once and returns [{ name, source, sql, params }] (the SELECT it issued).
 * `list` describes GET /orders: the heavy shopper and, for the deep page, a cursor.
 */
export async function captureQueries(db, { userId, cursor, limit = 20 }) {
  const { ds, log } = await capturingDataSource(db);
  try {
    const { OrdersService } = dist('orders/orders.service.js');
    const { Order } = dist('orders/order.entity.js');
    const { Payment } = dist('payments/payment.entity.js');
    const { Refund } = dist('refunds/refund.entity.js');
    const { WebhookEvent } = dist('webhooks/webhook-event.entity.js');
    const { OutboxMessage } = dist('fulfilment/outbox-message.entity.js');
    const { PaymentReconciliation } = dist('payments/payment-reconciliation.js');
    const { PaymentsService } = dist('payments/payments.service.js');
    const { RefundsService } = dist('refunds/refunds.service.js');
    const { WebhookInbox } = dist('webhooks/webhook-inbox.js');
    const { FulfilmentRelay } = dist('fulfilment/fulfilment-relay.js');
    const { OrderTimeline } = dist('orders/order-timeline.js');
    const make = (Class, fields) => Object.assign(Object.create(Class.prototype), fields);

    const orders = make(OrdersService, { orders: ds.getRepository(Order) });
    const now = new Date();
    const page = await orders.list(userId, { limit, cursor: undefined });
    const ids = page.rows.map((o) => o.id);
    const probes = [
      ['GET /orders, first page', 'OrdersService.list', () => orders.list(userId, { limit, cursor: undefined })],
      ['GET /orders, deep page', 'OrdersService.list (cursor)', () => orders.list(userId, { limit, cursor })],
      [
        'GET /orders: latest attempts',
        'PaymentsService.latestAttempts',
        () => make(PaymentsService, { payments: ds.getRepository(Payment) }).latestAttempts(ids),
      ],
      ['GET /orders: refunds', 'RefundsService.forOrders', () => make(RefundsService, { refunds: ds.getRepository(Refund) }).forOrders(ids)],
      ['order timeline', 'OrderTimeline.list', () => make(OrderTimeline, { dataSource: ds }).list(ids[0])],
      [
        'reconciliation sweep (payments due)',
        'PaymentReconciliation.reconcilePending',
        () => make(PaymentReconciliation, { payments: findOnly(ds.getRepository(Payment)) }).reconcilePending(now),
      ],
      ['expiry sweep (orders past TTL)', 'OrdersService.dueForExpiry', () => orders.dueForExpiry(now, 25)],
      [
        'refund reconciliation sweep',
        'RefundsService.reconcilePending',
        () => make(RefundsService, { refunds: findOnly(ds.getRepository(Refund)) }).reconcilePending(now),
      ],
      ['webhook inbox sweep', 'WebhookInbox.due', () => make(WebhookInbox, { rows: ds.getRepository(WebhookEvent) }).due(25, now)],
      ['outbox relay sweep', 'FulfilmentRelay.deliverDue', () => make(FulfilmentRelay, { outbox: findOnly(ds.getRepository(OutboxMessage)) }).deliverDue(now)],
    ];
    const out = [];
    for (const [name, source, run] of probes) {
      if (name.includes('deep') && !cursor) continue;
      log.length = 0;
      await run();
      const selects = log.filter((q) => /^\s*SELECT/i.test(q.sql));
      if (selects.length !== 1) throw new Error(`${source}: expected one SELECT, saw ${JSON.stringify(log.map((q) => q.sql.slice(0, 80)))}`);
      out.push({ name, source, sql: selects[0].sql, params: selects[0].params.map((p) => (p instanceof Date ? p.getTime() : p)) });
    }
    return out;
  } finally {
    await ds.destroy();
  }
}

/** Times each query (median of `iterations` runs, after a few warm-up runs) and explains it. */
export async function measureQueries(db, queries, { iterations = 200 } = {}) {
  if (db.databaseUrl) {
    const { Client } = apiRequire('pg');
    const client = new Client({ connectionString: db.databaseUrl });
    await client.connect();
    try {
      const out = [];
      for (const q of queries) {
        const times = [];
        let rows = 0;
        for (let i = 0; i < iterations + 5; i++) {
          const t = performance.now();
          const r = await client.query(q.sql, q.params);
          if (i >= 5) times.push(performance.now() - t);
          rows = r.rowCount;
        }
        const plan = (await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${q.sql}`, q.params)).rows.map((r) => r['QUERY PLAN']);
        out.push({ ...q, rows, medianMs: median(times), plan });
      }
      return out;
    } finally {
      await client.end();
    }
  }
  const Database = apiRequire('better-sqlite3');
  const sqlite = new Database(db.sqliteFile, { readonly: true });
  try {
    return queries.map((q) => {
      const stmt = sqlite.prepare(q.sql);
      const times = [];
      let rows = 0;
      for (let i = 0; i < iterations + 5; i++) {
        const t = performance.now();
        rows = stmt.all(...q.params).length;
        if (i >= 5) times.push(performance.now() - t);
      }
      const plan = sqlite
        .prepare(`EXPLAIN QUERY PLAN ${q.sql}`)
        .all(...q.params)
        .map((r) => r.detail);
      return { ...q, rows, medianMs: median(times), plan };
    });
  } finally {
    sqlite.close();
  }
}

/**
 * What must not happen on a growing table: reading all of it (SQLite SCAN, PostgreSQL Seq Scan), or, for a query
 * with a LIMIT (listing, sweeps), sorting every candidate row to return the first few (SQLite TEMP B-TREE;
 * PostgreSQL a Sort fed by more than 1,000 rows). A small sort (e.g. the attempts of a page's 20 orders) is fine.
 */
export function planProblems(q, dialect) {
  const limited = /\bLIMIT\b/i.test(q.sql);
  const problems = [];
  if (dialect === 'sqlite') {
    for (const line of q.plan.map((l) => l.trim())) {
      if (/^SCAN /.test(line)) problems.push(line);
      if (limited && /USE TEMP B-TREE/.test(line)) problems.push(line);
    }
    return problems;
  }
  q.plan.forEach((line, k) => {
    if (/Seq Scan on/.test(line)) problems.push(line.trim().replace(/\s+\(cost.*$/, ''));
    if (/(^|-> )\s*(Incremental )?Sort\s+\(/.test(line.trim())) {
      const child = q.plan.slice(k + 1).find((l) => /->/.test(l));
      const fed = Number(/actual time=\S+ rows=(\d+)/.exec(child ?? '')?.[1] ?? 0);
      if (fed > 1000) problems.push(`Sort of ${fed} rows`);
    }
  });
  return problems;
}
