// The growth bench's data: N orders with their payments, timeline events, refunds, notifications (webhook
// inbox) and outbox rows, generated deterministically (seeded PRNG) in the shape the API itself writes (column
// names and values copied from rows a real order → pay → notification → fulfilment run leaves behind), and
// loaded into the API's own database: SQLite with better-sqlite3 prepared statements in big transactions,
// PostgreSQL with one INSERT … SELECT FROM unnest($1::text[], …) per table per batch. Both databases get the
// same rows. Secondary indexes are dropped during the load and re-created afterwards (same definitions), which is
// how one bulk-loads; PostgreSQL then gets VACUUM ANALYZE (what autovacuum would do), SQLite no ANALYZE (the API
// never runs one, so its plans must be good without statistics).
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { BENCH_DIR } from './proc.mjs';

const apiRequire = createRequire(join(BENCH_DIR, '../apps/api/package.json'));

const DAY = 86_400_000;
const TTL_MS = 1800 * 1000; // ORDER_TTL_SECONDS default
const RECONCILE_AFTER_MS = 60 * 1000; // RECONCILE_AFTER_SECONDS default
const PRODUCTS = [
  ['oolong-tea', 'Tieguanyin Oolong Tea', 6800],
  ['egg-tart-box', 'Egg Tarts (box of 6)', 4200],
  ['pineapple-bun', 'Pineapple Buns (4)', 1550],
  ['milk-tea-bottle', 'Hong Kong Milk Tea (bottle)', 2800],
];
const B32 = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export const COLUMNS = {
  users: ['id', 'openid', 'session_key', 'created_at', 'updated_at'],
  orders: [
    'id',
    'merchant_order_id',
    'user_id',
    'status',
    'amount_value',
    'currency',
    'refunded_value',
    'refund_reserved_value',
    'items',
    'idempotency_key',
    'request_hash',
    'payment_attempts',
    'review_reason',
    'paying_payment_id',
    'created_at',
    'updated_at',
    'expires_at',
    'paid_at',
    'closed_at',
  ],
  payments: [
    'id',
    'order_id',
    'provider',
    'attempt',
    'reference',
    'provider_payment_id',
    'status',
    'amount_value',
    'currency',
    'request_payment',
    'provider_data',
    'captured_value',
    'failure_reason',
    'created_at',
    'updated_at',
    'next_query_at',
    'query_attempts',
  ],
  order_events: ['id', 'order_id', 'type', 'summary', 'data', 'at'],
  refunds: [
    'id',
    'order_id',
    'payment_id',
    'reference',
    'provider_refund_id',
    'status',
    'amount_value',
    'currency',
    'reason',
    'idempotency_key',
    'request_hash',
    'failure_reason',
    'next_query_at',
    'query_attempts',
    'created_at',
    'updated_at',
  ],
  webhook_events: [
    'id',
    'provider',
    'event_key',
    'raw_body',
    'event',
    'payment_reference',
    'received_at',
    'processed_at',
    'outcome',
    'deliveries',
    'attempts',
    'claimed_until',
    'next_attempt_at',
    'last_error',
  ],
  outbox_messages: ['id', 'topic', 'order_id', 'payload', 'created_at', 'claimed_until', 'delivered_at', 'attempts', 'next_attempt_at', 'last_error'],
};

/** mulberry32: small, fast, deterministic. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The plan of a preload of `orders` orders, relative to `now`: who the heavy shopper is and how many rows of
 * each kind to expect (the bench prints it and uses heavyUserId for GET /orders).
 */
export function growthPlan(orders, now = Date.now()) {
  const heavy = Math.min(20_000, Math.max(Math.floor(orders / 50), Math.min(orders, 400)));
  return {
    orders,
    now,
    spanDays: 180,
    users: Math.max(1, Math.floor(orders / 20)),
    heavy,
    heavyUserId: '00000000-0000-4000-8000-00000000beef',
    heavyOpenid: 'oGrowthBenchHeavyShopper0001', // signs in through the sandbox's WeChat login with this openid
    // at least a batch of each even on a small database, so both sides of a comparison return the same rows
    pendingFresh: Math.max(30, Math.round(orders * 0.002)), // PENDING_PAYMENT, not expired yet (last 25 minutes)
    pendingExpired: Math.max(30, Math.round(orders * 0.001)), // PENDING_PAYMENT past the TTL: the expiry sweep's backlog
    pendingRefunds: Math.max(10, Math.round(orders * 0.0002)),
    unprocessedWebhooks: Math.max(5, Math.round(orders * 0.00005)),
    undeliveredOutbox: Math.max(2, Math.round(orders * 0.00002)),
  };
}

/**
 * Calls sink(table, row[]) for every row, in order-creation order. Mix: ~70% FULFILLED, 5% PAID, 15% CLOSED
 * (unpaid past the TTL: cancelled attempt, or none), 6% REFUNDED, 4% PARTIALLY_REFUNDED, plus the pending ones
 * of the plan; 5% of paid orders needed a second attempt (the first cancelled).
 */
export function* generate(plan, sink) {
  const rnd = prng(0x9e3779b9 ^ plan.orders);
  const hex = () =>
    Math.floor(rnd() * 0x100000000)
      .toString(16)
      .padStart(8, '0');
  const uuid = () => {
    const a = hex();
    const b = hex();
    const c = hex();
    const d = hex();
    return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${'89ab'[Math.floor(rnd() * 4)]}${c.slice(1, 4)}-${c.slice(4)}${d}`;
  };
  const str = (alphabet, n) => {
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(rnd() * alphabet.length)];
    return s;
  };
  const digits = (n) => str('0123456789', n);
  const { now, orders: N } = plan;
  const start = now - plan.spanDays * DAY;
  const userIds = Array.from({ length: plan.users }, () => uuid());
  userIds[0] = plan.heavyUserId;
  for (let u = 0; u < plan.users; u++) {
    const at = start + Math.floor((u / plan.users) * (plan.spanDays - 1) * DAY);
    sink('users', [userIds[u], u === 0 ? plan.heavyOpenid : `o${str(B64.slice(0, 62), 27)}`, null, at, at]);
  }
  const historical = N - plan.pendingFresh;
  const heavyEvery = plan.heavy > 0 ? N / plan.heavy : Infinity;
  let nextHeavy = 0;
  let refundsPending = plan.pendingRefunds;
  let webhooksUnprocessed = plan.unprocessedWebhooks;
  let outboxUndelivered = plan.undeliveredOutbox;
  // The expiry backlog: orders left PENDING_PAYMENT in the last 7 days, spread among the historical ones.
  const expiredFrom = Math.max(0, historical - Math.round(historical * (7 / plan.spanDays)));
  const expiredEvery = plan.pendingExpired > 0 ? Math.max(1, (historical - expiredFrom) / plan.pendingExpired) : Infinity;
  let nextExpired = expiredFrom;

  for (let i = 0; i < N; i++) {
    const fresh = i >= historical;
    const createdAt = fresh
      ? now - 25 * 60_000 + Math.floor(((i - historical) / Math.max(1, plan.pendingFresh)) * 24 * 60_000)
      : start + Math.floor((i / historical) * (plan.spanDays * DAY - 2 * TTL_MS)) + Math.floor(rnd() * 1000);
    let userId;
    if (i >= nextHeavy) {
      userId = plan.heavyUserId;
      nextHeavy += heavyEvery;
    } else userId = userIds[1 + Math.floor(rnd() * Math.max(1, plan.users - 1))] ?? plan.heavyUserId;
    const [productId, name, price] = PRODUCTS[Math.floor(rnd() * PRODUCTS.length)];
    const quantity = 1 + Math.floor(rnd() * 3);
    const amount = price * quantity;
    const day = new Date(createdAt).toISOString().slice(2, 10).replace(/-/g, '');
    const merchantOrderId = `MP${day}${str(B32, 12)}`;
    const orderId = uuid();
    const items = JSON.stringify([{ productId, name, quantity, unitPrice: { value: price, currency: 'HKD' }, lineTotal: { value: amount, currency: 'HKD' } }]);
    let status;
    if (fresh) status = 'PENDING_PAYMENT';
    else if (i >= nextExpired) {
      status = 'PENDING_PAYMENT';
      nextExpired += expiredEvery;
    } else {
      const r = rnd();
      status = r < 0.7 ? 'FULFILLED' : r < 0.75 ? 'PAID' : r < 0.9 ? 'CLOSED' : r < 0.96 ? 'REFUNDED' : 'PARTIALLY_REFUNDED';
    }
    const paid = status !== 'PENDING_PAYMENT' && status !== 'CLOSED';
    const attempts = status === 'CLOSED' && rnd() < 0.3 ? 0 : status === 'PENDING_PAYMENT' && rnd() < 0.2 ? 0 : paid && rnd() < 0.05 ? 2 : 1;
    let t = createdAt;
    const event = (type, summary, data) => {
      t += 5 + Math.floor(rnd() * 200);
      sink('order_events', [uuid(), orderId, type, summary, JSON.stringify(data), t]);
      return t;
    };
    event('created', `order created for ${amount} HKD (minor units)`, { items: 1 });
    let payingId = null;
    let paidAt = null;
    let closedAt = null;
    let lastPayment = null;
    for (let a = 1; a <= attempts; a++) {
      const paymentId = uuid();
      const reference = `${merchantOrderId}-${a}`;
      const providerPaymentId = `C${digits(21)}`;
      const pCreated = event('provider_call', `created attempt ${reference} at intents`, { paymentId, providerPaymentId });
      const requestPayment = JSON.stringify({
        timeStamp: String(Math.floor(pCreated / 1000)),
        nonceStr: str('abcdefghijklmnopqrstuvwxyz0123456789', 16),
        package: `prepay_id=wx${hex()}${hex()}${hex()}${hex().slice(0, 6)}`,
        paySign: `${str(B64, 342)}==`,
        signType: 'RSA',
      });
      let pStatus;
      let nextQueryAt = null;
      let queryAttempts = 0;
      let updated = pCreated;
      if (status === 'PENDING_PAYMENT') {
        pStatus = 'PENDING';
        // due now (reconciliation should ask) for the expired ones and ~half of the fresh ones; later for the rest
        nextQueryAt = fresh && rnd() < 0.5 ? now + Math.floor(rnd() * 10 * 60_000) : pCreated + RECONCILE_AFTER_MS * (1 + Math.floor(rnd() * 4));
        queryAttempts = fresh ? 0 : 1 + Math.floor(rnd() * 5);
      } else if (paid && a === attempts) {
        pStatus = 'SUCCEEDED';
        updated = event('notification', `intents notification payment_success:${providerPaymentId}: processing attempt 1 (delivery)`, {
          eventKey: `payment_success:${providerPaymentId}`,
          attempt: 1,
          trigger: 'delivery',
        });
        payingId = paymentId;
        paidAt = event('transition', `→ PAID: payment ${reference} succeeded (notification)`, { to: 'PAID', paymentId, source: 'notification' });
        const webhookDue = webhooksUnprocessed > 0 && rnd() < 0.05;
        if (webhookDue) webhooksUnprocessed--;
        const rawBody = JSON.stringify({ notify_type: 'payment_success', data: { order_id: providerPaymentId, merchant_order_id: reference } });
        const parsed = JSON.stringify({ kind: 'payment', eventKey: `payment_success:${providerPaymentId}`, reference, providerPaymentId });
        sink('webhook_events', [
          uuid(),
          'intents',
          `payment_success:${providerPaymentId}`,
          rawBody,
          parsed,
          reference,
          updated - 10,
          webhookDue ? null : updated,
          webhookDue ? null : 'payment SUCCEEDED, order PAID',
          1,
          1,
          null,
          webhookDue ? updated + 60_000 : null,
          webhookDue ? 'provider query failed' : null,
        ]);
        const outboxId = uuid();
        const undelivered = outboxUndelivered > 0 && rnd() < 0.05;
        if (undelivered) outboxUndelivered--;
        sink('outbox_messages', [
          outboxId,
          'order.paid',
          orderId,
          JSON.stringify({ orderId, merchantOrderId, paymentId, amount: { value: amount, currency: 'HKD' } }),
          paidAt,
          null,
          undelivered ? null : paidAt + 20,
          1,
          undelivered ? paidAt + 120_000 : null,
          undelivered ? 'handler failed' : null,
        ]);
        if (status !== 'PAID') {
          event('transition', '→ FULFILLED: fulfilment handler ran', { to: 'FULFILLED', outboxId });
          event('fulfilment', 'fulfilled', { outboxId });
        }
      } else {
        pStatus = 'CANCELLED';
        updated = pCreated + TTL_MS;
      }
      lastPayment = { paymentId, reference, providerPaymentId };
      sink('payments', [
        paymentId,
        orderId,
        'intents',
        a,
        reference,
        providerPaymentId,
        pStatus,
        amount,
        'HKD',
        requestPayment,
        null,
        pStatus === 'SUCCEEDED' ? amount : null,
        null,
        pCreated,
        updated,
        nextQueryAt,
        queryAttempts,
      ]);
    }
    if (status === 'CLOSED') closedAt = event('transition', '→ CLOSED: unpaid past its TTL', { to: 'CLOSED' });
    let refunded = 0;
    if (status === 'REFUNDED' || status === 'PARTIALLY_REFUNDED') {
      const value = status === 'REFUNDED' ? amount : Math.floor(amount / 2);
      const pendingRefund = refundsPending > 0 && rnd() < 0.5;
      if (pendingRefund) refundsPending--;
      refunded = pendingRefund ? 0 : value;
      const rCreated = t + DAY * (1 + Math.floor(rnd() * 5));
      if (pendingRefund) status = 'FULFILLED'; // a refund still pending leaves the order as it was
      sink('refunds', [
        uuid(),
        orderId,
        lastPayment.paymentId,
        `${merchantOrderId}-R1`,
        `R${digits(21)}`,
        pendingRefund ? 'PENDING' : 'SUCCEEDED',
        value,
        'HKD',
        'customer request',
        null,
        null,
        null,
        // pending refunds: half due for a provider query now, half later
        pendingRefund ? (rnd() < 0.5 ? now - Math.floor(rnd() * 600_000) : now + Math.floor(rnd() * 600_000)) : null,
        pendingRefund ? 1 : 0,
        rCreated,
        rCreated + 1000,
      ]);
      if (!pendingRefund) t = event('transition', `→ ${status}: refund succeeded`, { to: status });
    }
    const expiresAt = createdAt + TTL_MS;
    sink('orders', [
      orderId,
      merchantOrderId,
      userId,
      status,
      amount,
      'HKD',
      refunded,
      refunded,
      items,
      null,
      null,
      attempts,
      null,
      payingId,
      createdAt,
      status === 'PENDING_PAYMENT' ? (attempts ? createdAt + 30 : createdAt) : Math.max(t, paidAt ?? 0, closedAt ?? 0),
      expiresAt,
      paidAt,
      closedAt,
    ]);
    yield i; // one order and its rows are out: the consumer may flush
  }
}

const TABLES = Object.keys(COLUMNS);

/** Fills the API's SQLite file (the API must be stopped). Returns { rows, ms }. */
export function preloadSqlite(file, plan, progress = () => {}) {
  const Database = apiRequire('better-sqlite3');
  const db = new Database(file);
  const t0 = performance.now();
  // no journal while loading (a failed load is thrown away anyway); the API's WAL mode is restored at the end
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -1000000'); // 1 GB while loading: the unique indexes on random UUIDs are written at random
  const indexes = db
    .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${TABLES.map(() => '?').join(',')})`)
    .all(...TABLES);
  for (const { name } of indexes) db.exec(`DROP INDEX "${name}"`);
  const insert = Object.fromEntries(
    TABLES.map((t) => [t, db.prepare(`INSERT INTO "${t}" (${COLUMNS[t].map((c) => `"${c}"`).join(', ')}) VALUES (${COLUMNS[t].map(() => '?').join(', ')})`)]),
  );
  const counts = Object.fromEntries(TABLES.map((t) => [t, 0]));
  const begin = db.prepare('BEGIN');
  const commit = db.prepare('COMMIT');
  begin.run();
  let inTx = 0;
  for (const _ of generate(plan, (table, row) => {
    insert[table].run(row);
    counts[table]++;
  })) {
    if (++inTx === 50_000) {
      commit.run();
      begin.run();
      inTx = 0;
      progress(counts);
    }
  }
  commit.run();
  progress(counts);
  for (const { sql } of indexes) {
    const ti = performance.now();
    db.exec(sql);
    progress(counts, `re-created ${sql.replace(/\s+/g, ' ').trim()} in ${Math.round(performance.now() - ti)} ms`);
  }
  db.pragma('journal_mode = WAL');
  db.close();
  return { rows: counts, ms: performance.now() - t0 };
}

/** Fills the API's PostgreSQL database (migrated, the API stopped). Returns { rows, ms }. */
export async function preloadPg(url, plan, progress = () => {}) {
  const { Client } = apiRequire('pg');
  const client = new Client({ connectionString: url });
  await client.connect();
  const t0 = performance.now();
  try {
    const types = {};
    for (const t of TABLES) {
      const { rows } = await client.query(`SELECT column_name, data_type FROM information_schema.columns WHERE table_name = $1`, [t]);
      const byName = Object.fromEntries(rows.map((r) => [r.column_name, r.data_type]));
      types[t] = COLUMNS[t].map((c) => {
        if (!byName[c]) throw new Error(`${t}.${c}: no such column (did the entities change?)`);
        return byName[c];
      });
    }
    // secondary indexes (not the ones behind PRIMARY KEY / UNIQUE constraints): dropped now, re-created after
    const { rows: indexes } = await client.query(
      `SELECT i.indexname AS name, i.indexdef AS sql FROM pg_indexes i
        WHERE i.schemaname = 'public' AND i.tablename = ANY($1)
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
      [TABLES],
    );
    for (const { name } of indexes) await client.query(`DROP INDEX "${name}"`);
    const sqlFor = Object.fromEntries(
      TABLES.map((t) => {
        const cols = COLUMNS[t];
        const args = cols.map((_, k) => `$${k + 1}::text[]`).join(', ');
        const select = cols.map((c, k) => `u.c${k}::${types[t][k] === 'character varying' ? 'varchar' : types[t][k]}`).join(', ');
        return [
          t,
          `INSERT INTO "${t}" (${cols.map((c) => `"${c}"`).join(', ')}) SELECT ${select} FROM unnest(${args}) AS u(${cols.map((_, k) => `c${k}`).join(', ')})`,
        ];
      }),
    );
    const buffers = Object.fromEntries(TABLES.map((t) => [t, COLUMNS[t].map(() => [])]));
    const pending = Object.fromEntries(TABLES.map((t) => [t, 0]));
    const counts = Object.fromEntries(TABLES.map((t) => [t, 0]));
    const flush = async (t) => {
      if (!pending[t]) return;
      const cols = buffers[t];
      buffers[t] = COLUMNS[t].map(() => []);
      pending[t] = 0;
      await client.query(
        sqlFor[t],
        cols.map((col) => col.map((v) => (v == null ? null : String(v)))),
      );
    };
    let orders = 0;
    await client.query('BEGIN');
    const rows = generate(plan, (t, row) => {
      for (let c = 0; c < row.length; c++) buffers[t][c].push(row[c]);
      counts[t]++;
      pending[t]++;
    });
    for (const _ of rows) {
      for (const t of TABLES) if (pending[t] >= 5000) await flush(t);
      if (++orders % 50_000 === 0) {
        for (const t of TABLES) await flush(t);
        await client.query('COMMIT');
        await client.query('BEGIN');
        progress(counts);
      }
    }
    for (const x of TABLES) await flush(x);
    await client.query('COMMIT');
    progress(counts);
    for (const { sql } of indexes) {
      const ti = performance.now();
      await client.query(sql);
      progress(counts, `re-created ${sql} in ${Math.round(performance.now() - ti)} ms`);
    }
    const tv = performance.now();
    await client.query('VACUUM ANALYZE');
    progress(counts, `VACUUM ANALYZE in ${Math.round(performance.now() - tv)} ms`);
    return { rows: counts, ms: performance.now() - t0 };
  } finally {
    await client.end();
  }
}
