import { randomUUID } from 'node:crypto';
import { DataSource, type Logger, type Repository } from 'typeorm';
import { dataSourceOptions } from '../src/common/database/data-source-options';
import { ENTITIES } from '../src/common/database/entities';
import { FulfilmentRelay } from '../src/fulfilment/fulfilment-relay';
import { OutboxMessage } from '../src/fulfilment/outbox-message.entity';
import { encodeOrderCursor } from '../src/orders/order-cursor';
import { Order } from '../src/orders/order.entity';
import { OrdersService } from '../src/orders/orders.service';
import { Payment } from '../src/payments/payment.entity';
import { PaymentReconciliation } from '../src/payments/payment-reconciliation';
import { Refund } from '../src/refunds/refund.entity';
import { RefundsService } from '../src/refunds/refunds.service';
import { WebhookEvent } from '../src/webhooks/webhook-event.entity';
import { WebhookInbox } from '../src/webhooks/webhook-inbox';
import { freshDatabase } from './support/stack';

/**
 * GET /orders and the sweeps stay flat as the tables grow only because each one reads a range of an index in
 * the order it wants (bench/growth.mjs measures it with 1M orders). This fails if such an index disappears or a
 * query changes so that its plan scans or sorts instead. The SQL is the one the services issue (recorded by a
 * TypeORM logger while the real method runs; sweeps that would act on their rows get a find() that returns
 * none). SQLite: EXPLAIN QUERY PLAN without statistics, as the API runs. PostgreSQL (TEST_DATABASE_URL): EXPLAIN
 * with sequential scans, bitmap scans and sorts disabled, i.e. "can this index serve the query in order", since
 * on empty tables the planner would rightly prefer a scan.
 */
describe('query plans of the listing and the sweeps', () => {
  let ds: DataSource;
  let drop: () => Promise<void>;
  const log: { sql: string; params: unknown[] }[] = [];
  const logger: Logger = {
    logQuery: (sql, params) => void log.push({ sql, params: Array.isArray(params) ? params : [] }),
    logQueryError: () => {},
    logQuerySlow: () => {},
    logSchemaBuild: () => {},
    logMigration: () => {},
    log: () => {},
  };
  const postgres = !!process.env.TEST_DATABASE_URL;

  beforeAll(async () => {
    const database = await freshDatabase();
    drop = database.drop;
    const options = dataSourceOptions({ DATABASE_URL: database.env.DATABASE_URL, DATA_DIR: database.env.DATA_DIR ?? '' });
    ds = new DataSource({ ...options, logging: ['query'], logger });
    await ds.initialize();
  });
  afterAll(async () => {
    await ds?.destroy();
    await drop?.();
  });

  function make<T extends object>(Class: abstract new (...args: never[]) => T, fields: Record<string, unknown>): T {
    return Object.assign(Object.create(Class.prototype as object) as T, fields);
  }
  function findOnly<T extends object>(repo: Repository<T>): Repository<T> {
    return new Proxy(repo, {
      get: (target, prop, receiver) =>
        prop === 'find' ? async (options: unknown) => (await target.find(options as never), []) : Reflect.get(target, prop, receiver),
    });
  }
  async function selectOf(run: () => Promise<unknown>): Promise<{ sql: string; params: unknown[] }> {
    log.length = 0;
    await run();
    const selects = log.filter((q) => /^\s*SELECT/i.test(q.sql));
    expect(selects).toHaveLength(1);
    return selects[0];
  }
  async function plan(query: { sql: string; params: unknown[] }): Promise<string[]> {
    if (!postgres) {
      const rows: { detail: string }[] = await ds.query(`EXPLAIN QUERY PLAN ${query.sql}`, query.params);
      return rows.map((r) => r.detail);
    }
    const runner = ds.createQueryRunner();
    try {
      await runner.startTransaction();
      for (const setting of ['enable_seqscan', 'enable_bitmapscan', 'enable_sort']) await runner.query(`SET LOCAL ${setting} = off`);
      const rows: { 'QUERY PLAN': string }[] = await runner.query(`EXPLAIN ${query.sql}`, query.params);
      return rows.map((r) => r['QUERY PLAN']);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  }
  function expectIndexRange(lines: string[], index: string, sqliteRange: RegExp) {
    const text = lines.join('\n');
    if (postgres) {
      expect(text).toMatch(new RegExp(`Index (Only )?Scan (Backward )?using ${index} `));
      expect(text).not.toMatch(/Sort|Seq Scan/);
    } else {
      expect(text).toMatch(new RegExp(`SEARCH \\w+ USING (COVERING )?INDEX ${index} \\(${sqliteRange.source}`));
      expect(text).not.toMatch(/TEMP B-TREE|^SCAN /m);
    }
  }

  const orders = () => make(OrdersService, { orders: ds.getRepository(Order) });
  const now = new Date();
  const cases: [string, () => Promise<unknown>, string, RegExp][] = [
    ['GET /orders first page', () => orders().list(randomUUID(), { limit: 20 }), 'ix_orders_user_created', /user_id=\?\)/],
    [
      'GET /orders with a cursor',
      () => orders().list(randomUUID(), { limit: 20, cursor: encodeOrderCursor({ createdAtMs: now.getTime(), id: randomUUID() }) }),
      'ix_orders_user_created',
      /user_id=\? AND created_at<\?\)/,
    ],
    ['expiry sweep', () => orders().dueForExpiry(now, 25), 'ix_orders_expiry_due', /status=\? AND updated_at<\?\)/],
    [
      'payment reconciliation sweep',
      () => make(PaymentReconciliation, { payments: findOnly(ds.getRepository(Payment)) }).reconcilePending(now),
      'ix_payments_query_due',
      /status=\? AND next_query_at<\?\)/,
    ],
    [
      'refund reconciliation sweep',
      () => make(RefundsService, { refunds: findOnly(ds.getRepository(Refund)) }).reconcilePending(now),
      'ix_refunds_query_due',
      /status=\? AND next_query_at<\?\)/,
    ],
    [
      'webhook inbox sweep',
      () => make(WebhookInbox, { rows: ds.getRepository(WebhookEvent) }).due(25, now),
      'ix_webhook_events_next_attempt_at',
      /next_attempt_at<\?\)/,
    ],
    [
      'outbox relay sweep',
      () =>
        (make(FulfilmentRelay, { outbox: findOnly(ds.getRepository(OutboxMessage)) }) as unknown as { deliverDue(now: Date): Promise<number> }).deliverDue(now),
      // PostgreSQL may equally pick ix_outbox_next_attempt_at: the relay clears next_attempt_at on delivery, so
      // its due range holds only undelivered rows too
      postgres ? '(ix_outbox_due|ix_outbox_next_attempt_at)' : 'ix_outbox_due',
      /delivered_at=\? AND next_attempt_at<\?\)/,
    ],
  ];

  it.each(cases)('%s reads a range of its index, in order', async (_name, run, index, sqliteRange) => {
    expectIndexRange(await plan(await selectOf(run)), index, sqliteRange);
  });

  it('the PostgreSQL migrations create exactly the entities schema (SQLite: synchronize)', async () => {
    // On SQLite the schema IS the entities (synchronize), so there is nothing to compare.
    if (!postgres) return expect(ds.options.synchronize).toBe(true);
    const pending = await ds.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
    expect(ENTITIES.length).toBeGreaterThan(0);
  });
});
