import { randomUUID } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { SQLITE_CACHE_KIB } from '../src/common/database/data-source-options';
import { Sql } from '../src/common/database/sql';
import { OrderEvent } from '../src/orders/order-event.entity';
import { Order } from '../src/orders/order.entity';
import { INSERT_ORDER, ORDER_COLUMNS, orderFromRow, orderInsertParams, type OrderRow, SELECT_OWNED_ORDER } from '../src/orders/order-rows';
import { OrderWriter } from '../src/orders/order-writer';
import { OrderTimeline } from '../src/orders/order-timeline';
import { Payment } from '../src/payments/payment.entity';
import { INSERT_PAYMENT, PAYMENT_COLUMNS, paymentFromRow, paymentInsertParams, type PaymentRow, SELECT_LATEST_ATTEMPT } from '../src/payments/payment-rows';
import { isUniqueViolation, TransactionRunner } from '../src/common/database/transaction-runner';
import { newRowId } from '../src/common/database/row-id';
import { Shopper } from './support/shopper';
import { startStack, type Stack } from './support/stack';

/**
 * The shopper's hot path reads and writes orders, payments and timeline events with hand-written prepared SQL
 * (common/database/sql.ts) instead of TypeORM. These tests hold that SQL to the entities, on the database the
 * suite runs on (SQLite, or PostgreSQL with TEST_DATABASE_URL): the same columns, and a row written by one side
 * reads back identically through the other (instants, BIGINT money, JSON, NULLs).
 */
describe('hand-written hot-path SQL agrees with the TypeORM entities', () => {
  let stack: Stack;
  let sql: Sql;

  beforeAll(async () => {
    stack = await startStack();
    sql = stack.app.get(Sql);
  });
  afterAll(async () => {
    await stack?.close();
  });

  const columnsOf = (entity: typeof Order | typeof Payment) =>
    stack.db
      .getMetadata(entity)
      .columns.map((c) => c.databaseName)
      .sort();

  it('gives SQLite its larger page cache (a million-order database keeps its hot index pages in memory)', async () => {
    if (stack.db.options.type !== 'better-sqlite3') return; // PostgreSQL sizes its own shared buffers
    expect(await stack.db.query('PRAGMA cache_size')).toEqual([{ cache_size: -SQLITE_CACHE_KIB }]);
  });

  it('lists exactly the columns of orders and payments', () => {
    expect([...ORDER_COLUMNS].sort()).toEqual(columnsOf(Order));
    expect([...PAYMENT_COLUMNS].sort()).toEqual(columnsOf(Payment));
  });

  it('an order placed through the API reads back the same through TypeORM and through the prepared statement', async () => {
    const shopper = await new Shopper(stack).login();
    const [product] = await shopper.products();
    const placed = await shopper.placeOrder([{ productId: product.id, quantity: 3 }]);
    const viaOrm = await stack.db.getRepository(Order).findOneByOrFail({ id: placed.id });
    const [row] = await sql.rows<OrderRow>(SELECT_OWNED_ORDER, [placed.id, viaOrm.userId]);
    expect({ ...orderFromRow(row) }).toEqual({ ...viaOrm });
    expect(viaOrm.items).toEqual(placed.items);
    expect(viaOrm.amountValue).toBe(product.price.value * 3);
    // The creation event went through the prepared INSERT: TypeORM reads its JSON data and its instant.
    const [created] = await stack.db.getRepository(OrderEvent).find({ where: { orderId: placed.id } });
    expect(created.type).toBe('created');
    expect(created.data).toEqual({ items: 1 });
    expect(Math.abs(created.at.getTime() - viaOrm.createdAt.getTime())).toBeLessThan(5_000);
    // Someone else's id finds nothing.
    expect(await sql.rows(SELECT_OWNED_ORDER, [placed.id, randomUUID()])).toEqual([]);
  });

  it('a payment row with every nullable column set round-trips both ways, BIGINT money beyond 2^31 included', async () => {
    const shopper = await new Shopper(stack).login();
    const [product] = await shopper.products();
    const order = await shopper.placeOrder([{ productId: product.id, quantity: 1 }]);
    const at = (ms: number) => new Date(Date.UTC(2026, 0, 2, 3, 4, 5) + ms);
    const written = Object.assign(new Payment(), {
      id: randomUUID(),
      orderId: order.id,
      provider: 'intents' as const,
      attempt: 7,
      reference: `${order.merchantOrderId}-7`,
      providerPaymentId: 'po_123',
      status: 'SUCCEEDED' as const,
      amountValue: 9_007_199_254,
      currency: 'JPY',
      requestPayment: { timeStamp: '1', nonceStr: 'n', package: 'prepay_id=wx1', signType: 'RSA' as const, paySign: 'sig' },
      providerData: { paymentData: 'opaque' },
      capturedValue: 9_007_199_254,
      failureReason: 'none, really',
      createdAt: at(1),
      updatedAt: at(2),
      nextQueryAt: at(3),
      queryAttempts: 4,
    });
    const tx = stack.app.get(TransactionRunner);
    await tx.run((manager) => sql.run(INSERT_PAYMENT, paymentInsertParams(written), manager));
    expect({ ...(await stack.db.getRepository(Payment).findOneByOrFail({ id: written.id })) }).toEqual({ ...written });

    // The other way: a row TypeORM wrote (nulls included) is what the prepared SELECT maps back.
    const viaOrm = Object.assign(new Payment(), {
      ...written,
      id: randomUUID(),
      attempt: 8,
      reference: `${order.merchantOrderId}-8`,
      providerPaymentId: null,
      status: 'PENDING' as const,
      requestPayment: null,
      providerData: null,
      capturedValue: null,
      failureReason: null,
      nextQueryAt: null,
    });
    await stack.db.getRepository(Payment).insert(viaOrm);
    const [latest] = await sql.rows<PaymentRow>(SELECT_LATEST_ATTEMPT, [order.id]);
    expect({ ...paymentFromRow(latest) }).toEqual({ ...viaOrm });
  });

  it('a write inside a transaction that fails is rolled back with it', async () => {
    const shopper = await new Shopper(stack).login();
    const [product] = await shopper.products();
    const placed = await shopper.placeOrder([{ productId: product.id, quantity: 1 }]);
    const order = await stack.db.getRepository(Order).findOneByOrFail({ id: placed.id });
    const writer = stack.app.get(OrderWriter);
    const timeline = stack.app.get(OrderTimeline);
    await expect(
      stack.app.get(TransactionRunner).run(async (manager) => {
        expect(await writer.claimAttempt(manager, order, 1)).toBe(true);
        await timeline.record(order.id, 'provider_call', 'will be rolled back', {}, manager);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect((await stack.db.getRepository(Order).findOneByOrFail({ id: order.id })).paymentAttempts).toBe(0);
    expect((await timeline.list(order.id)).map((e) => e.summary)).not.toContain('will be rolled back');
    // The same through our own transactions (TransactionRunner.runSql), which the hot path uses.
    await expect(
      stack.app.get(TransactionRunner).runSql(async (tx) => {
        expect(await writer.claimAttempt(tx, order, 1)).toBe(true);
        await timeline.record(order.id, 'provider_call', 'will be rolled back too', {}, tx);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect((await stack.db.getRepository(Order).findOneByOrFail({ id: order.id })).paymentAttempts).toBe(0);
    expect((await timeline.list(order.id)).map((e) => e.summary)).not.toContain('will be rolled back too');
    // …and the claim is a compare-and-set: a stale attempt count claims nothing.
    await stack.app.get(TransactionRunner).run(async (manager) => {
      expect(await writer.claimAttempt(manager, order, 1)).toBe(true);
      expect(await writer.claimAttempt(manager, order, 1)).toBe(false);
    });
  });

  it('our transactions and TypeORM ones interleave safely: 40 at once, half each kind, all commit', async () => {
    const shopper = await new Shopper(stack).login();
    const [product] = await shopper.products();
    const placed = await shopper.placeOrder([{ productId: product.id, quantity: 1 }]);
    const tx = stack.app.get(TransactionRunner);
    const timeline = stack.app.get(OrderTimeline);
    const pause = () => new Promise((resolve) => setImmediate(resolve));
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        i % 2
          ? tx.runSql(async (t) => {
              await timeline.record(placed.id, 'provider_call', `ours ${i}`, {}, t);
              await pause();
              await timeline.record(placed.id, 'provider_call', `ours ${i} again`, {}, t);
            })
          : tx.run(async (manager) => {
              await timeline.record(placed.id, 'provider_call', `typeorm ${i}`, {}, manager);
              await pause();
              await timeline.record(placed.id, 'provider_call', `typeorm ${i} again`, {}, manager);
            }),
      ),
    );
    const summaries = (await timeline.list(placed.id)).map((e) => e.summary);
    expect(summaries.filter((s) => /^(ours|typeorm) \d+/.test(s))).toHaveLength(80);
  });

  /** A copy of an existing order under new ids: a row the writer may insert. */
  async function unsavedOrder(): Promise<Order> {
    const shopper = await new Shopper(stack).login();
    const [product] = await shopper.products();
    const placed = await shopper.placeOrder([{ productId: product.id, quantity: 1 }]);
    const saved = await stack.db.getRepository(Order).findOneByOrFail({ id: placed.id });
    return Object.assign(new Order(), { ...saved, id: newRowId(), merchantOrderId: `${saved.merchantOrderId.slice(0, 20)}x${Date.now() % 1e6}` });
  }
  const stored = (id: string) => stack.db.getRepository(Order).findOneBy({ id });

  it('writes sent without waiting (Sql.write) commit with their transaction, or not at all, and report the first failure', async () => {
    const writer = stack.app.get(OrderWriter);
    const timeline = stack.app.get(OrderTimeline);
    const runner = stack.app.get(TransactionRunner);
    const order = await unsavedOrder();
    // The second INSERT of the same id fails: the whole transaction rolls back, the order's event with it, and the
    // error is the unique violation itself (what the idempotency race in OrdersService.create looks for), not the
    // "transaction aborted" errors of whatever was sent after it.
    const failed = runner.runSql(async (tx) => {
      writer.insert(tx, order, 'inserted twice', {});
      sql.write(INSERT_ORDER, orderInsertParams(order), tx);
      timeline.append(tx, order.id, 'provider_call', 'sent after the failure', {});
    });
    await expect(failed).rejects.toBeDefined();
    expect(isUniqueViolation(await failed.catch((e: unknown) => e))).toBe(true);
    expect(await stored(order.id)).toBeNull();
    expect(await timeline.list(order.id)).toEqual([]);
    // The same writes once: committed, both rows there when runSql resolves.
    await runner.runSql(async (tx) => writer.insert(tx, order, 'inserted once', {}));
    expect((await stored(order.id))?.merchantOrderId).toBe(order.merchantOrderId);
    expect((await timeline.list(order.id)).map((e) => e.summary)).toEqual(['inserted once']);
  });

  it('on PostgreSQL, a statement that failed inside a transaction fails the transaction even when the work caught it', async () => {
    if (stack.db.options.type !== 'postgres') return; // SQLite undoes only the failed statement; PostgreSQL aborts the transaction
    const writer = stack.app.get(OrderWriter);
    const order = await unsavedOrder();
    const failed = stack.app.get(TransactionRunner).runSql(async (tx) => {
      writer.insert(tx, order, 'inserted twice', {});
      // Awaited and swallowed: PostgreSQL answers the COMMIT that follows with ROLLBACK, which must not pass for success.
      await sql.run(INSERT_ORDER, orderInsertParams(order), tx).catch(() => undefined);
      return 'done';
    });
    await expect(failed).rejects.toThrow('rolled back');
    expect(await stored(order.id)).toBeNull();
  });

  it("on PostgreSQL, a new order's transaction is sent in one go: BEGIN, both INSERTs and COMMIT in one write, before the first answer", async () => {
    if (stack.db.options.type !== 'postgres') return; // one in-process connection: nothing travels
    const pool = (stack.db.driver as unknown as { master: Pool }).master;
    expect((pool as unknown as { options: { pipeline?: boolean } }).options.pipeline).toBe(true);
    const log: string[] = [];
    const wrapped: [PoolClient, PoolClient['query']][] = [];
    type Socket = { _write: (...a: unknown[]) => unknown; _writev: (...a: unknown[]) => unknown };
    const sockets: [Socket, Socket['_write'], Socket['_writev']][] = [];
    const connect = pool.connect.bind(pool) as () => Promise<PoolClient>;
    // Our transactions take their client with connect() (TypeORM passes a callback: left alone).
    const spy = jest.spyOn(pool, 'connect').mockImplementation(((...args: unknown[]) => {
      if (args.length) return (connect as (...a: unknown[]) => unknown)(...args);
      return connect().then((client) => {
        const query = client.query;
        wrapped.push([client, query]);
        // Every time the socket hands bytes to the kernel: one system call, one wake-up of the backend.
        const socket = (client as unknown as { connection: { stream: Socket } }).connection.stream;
        const [write, writev] = [socket._write, socket._writev];
        sockets.push([socket, write, writev]);
        socket._write = (...a: unknown[]) => (log.push('socket write'), write.apply(socket, a));
        socket._writev = (...a: unknown[]) => (log.push('socket write'), writev.apply(socket, a));
        client.query = ((config: string | { name?: string }, ...rest: unknown[]) => {
          const name = typeof config === 'string' ? config : (config.name ?? '?');
          log.push(`sent ${name}`);
          const answer = (query as (...a: unknown[]) => Promise<unknown>).call(client, config, ...rest);
          answer.then(() => log.push(`answered ${name}`)).catch(() => log.push(`failed ${name}`));
          return answer;
        }) as PoolClient['query'];
        return client;
      });
    }) as never);
    try {
      const shopper = await new Shopper(stack).login();
      const [product] = await shopper.products();
      log.length = 0;
      await shopper.placeOrder([{ productId: product.id, quantity: 1 }]);
    } finally {
      spy.mockRestore();
      for (const [client, query] of wrapped) client.query = query;
      for (const [socket, write, writev] of sockets) Object.assign(socket, { _write: write, _writev: writev });
    }
    expect(log).toEqual([
      'sent BEGIN',
      'sent orders_insert',
      'sent order_events_insert',
      'sent COMMIT',
      'socket write',
      'answered BEGIN',
      'answered orders_insert',
      'answered order_events_insert',
      'answered COMMIT',
    ]);
  });
});
