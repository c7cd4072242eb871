// Baseline for the order+pay figure: the API's `POST /orders` + `POST /orders/:id/pay` (intents provider) written
// by hand on bare Fastify 5 with the API's own database drivers (better-sqlite3; pg when DATABASE_URL is set) and
// raw SQL. Same work, same durability as the API: verify the session token (same HMAC format), price the items
// from a products table, insert the order and its timeline event in one transaction, read the order back for
// /pay (owned by the caller, payable, latest attempt), claim the attempt with a conditional UPDATE and insert the
// payment in one transaction, look up the shopper's openid, call the sandbox's intents create (cached bearer
// token, refreshed on 401, timeout), store the result and a timeline event in one transaction.
// SQLite: WAL, synchronous at its default (FULL), one connection, as TypeORM opens it. PostgreSQL: a pool of 10.
// What it leaves out (no figure depends on them): Idempotency-Key replay, request logging, CORS, rate limits,
// retries on 5xx, the resend/close paths of a PENDING attempt that has no requestPayment.
// Env: PORT, DATA_DIR (SQLite) or DATABASE_URL, SANDBOX_PORT, SESSION_SECRET, TWIN_USERS (seeded shoppers).
import { randomInt } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import { DEFAULT_SESSION_SECRET, tokenVerifier } from '../lib/session-token.mjs';

// The API's own drivers (same installed versions), resolved from apps/api.
const apiRequire = createRequire(fileURLToPath(new URL('../../apps/api/package.json', import.meta.url)));

// Row ids as the API makes them (time-ordered UUIDv7, apps/api/src/common/database/row-id.ts), same package.
const { v7: newRowId } = apiRequire('uuid');

const env = process.env;
const SANDBOX = `http://127.0.0.1:${env.SANDBOX_PORT ?? 4010}`;
const INTENTS_BASE_URL = `${SANDBOX}/mch-api/v1`;
const CLIENT_ID = 'sandbox-intents-client';
const API_KEY = 'sandbox-intents-api-key-0001';
const WECHAT_APP_ID = 'wx5f3b0c8a9d2e4f61';
const PORT = Number(env.PORT ?? 0);
const PUBLIC_BASE_URL = `http://127.0.0.1:${PORT}`;
const ORDER_TTL_MS = 1800 * 1000;
const RECONCILE_AFTER_MS = 60 * 1000;
const PROVIDER_TIMEOUT_MS = 10_000;
const USERS = Number(env.TWIN_USERS ?? 16);
const TWIN_PRODUCT_ID = 'twin-tea';
const verify = tokenVerifier(env.SESSION_SECRET ?? DEFAULT_SESSION_SECRET);
const INTENTS_EXPONENTS = { HKD: 2, CNY: 2, USD: 2, EUR: 2, GBP: 2, SGD: 2, AUD: 2, MOP: 2, TWD: 0, JPY: 0, KRW: 0, VND: 0, IDR: 0 };
const ISO_EXPONENTS = { HKD: 2, CNY: 2, USD: 2, EUR: 2, GBP: 2, SGD: 2, AUD: 2, MOP: 2, TWD: 2, JPY: 0, KRW: 0, VND: 0, IDR: 2 };

// ---------- schema (the API's tables and indexes for what this flow touches) ----------
const DDL = [
  `CREATE TABLE IF NOT EXISTS users (id varchar(36) PRIMARY KEY, openid varchar(128) NOT NULL UNIQUE, session_key varchar(128), created_at bigint NOT NULL, updated_at bigint NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS products (id varchar(64) PRIMARY KEY, name varchar(200) NOT NULL, description text NOT NULL, image_url varchar(500), price_value bigint NOT NULL, currency varchar(3) NOT NULL, active boolean NOT NULL DEFAULT true, sort_order integer NOT NULL DEFAULT 0)`,
  `CREATE TABLE IF NOT EXISTS orders (id varchar(36) PRIMARY KEY, merchant_order_id varchar(32) NOT NULL UNIQUE, user_id varchar(36) NOT NULL, status varchar(24) NOT NULL, amount_value bigint NOT NULL, currency varchar(3) NOT NULL, refunded_value bigint NOT NULL, refund_reserved_value bigint NOT NULL, items text NOT NULL, idempotency_key varchar(64), request_hash varchar(64), payment_attempts integer NOT NULL DEFAULT 0, review_reason varchar(200), paying_payment_id varchar(36), created_at bigint NOT NULL, updated_at bigint NOT NULL, expires_at bigint NOT NULL, paid_at bigint, closed_at bigint)`,
  `CREATE UNIQUE INDEX IF NOT EXISTS uq_orders_user_idempotency_key ON orders (user_id, idempotency_key)`,
  `CREATE INDEX IF NOT EXISTS ix_orders_user_created ON orders (user_id, created_at, id)`,
  `CREATE INDEX IF NOT EXISTS ix_orders_expiry_due ON orders (status, updated_at, expires_at)`,
  `CREATE TABLE IF NOT EXISTS payments (id varchar(36) PRIMARY KEY, order_id varchar(36) NOT NULL, provider varchar(16) NOT NULL, attempt integer NOT NULL, reference varchar(40) NOT NULL UNIQUE, provider_payment_id varchar(64), status varchar(16) NOT NULL, amount_value bigint NOT NULL, currency varchar(3) NOT NULL, request_payment text, provider_data text, captured_value bigint, failure_reason varchar(200), created_at bigint NOT NULL, updated_at bigint NOT NULL, next_query_at bigint, query_attempts integer NOT NULL DEFAULT 0)`,
  `CREATE UNIQUE INDEX IF NOT EXISTS uq_payments_order_attempt ON payments (order_id, attempt)`,
  `CREATE INDEX IF NOT EXISTS ix_payments_provider_payment_id ON payments (provider_payment_id)`,
  `CREATE INDEX IF NOT EXISTS ix_payments_query_due ON payments (status, next_query_at)`,
  `CREATE TABLE IF NOT EXISTS order_events (id varchar(36) PRIMARY KEY, order_id varchar(36) NOT NULL, type varchar(32) NOT NULL, summary varchar(300) NOT NULL, data text, at bigint NOT NULL)`,
  `CREATE INDEX IF NOT EXISTS ix_order_events_order ON order_events (order_id, at)`,
];

const SQL = {
  products: (n, p) => `SELECT id, name, price_value, currency, active FROM products WHERE id IN (${Array.from({ length: n }, (_, i) => p(i + 1)).join(', ')})`,
  insertOrder: (p) =>
    `INSERT INTO orders (id, merchant_order_id, user_id, status, amount_value, currency, refunded_value, refund_reserved_value, items, idempotency_key, request_hash, payment_attempts, review_reason, paying_payment_id, created_at, updated_at, expires_at, paid_at, closed_at) VALUES (${p(1)}, ${p(2)}, ${p(3)}, 'PENDING_PAYMENT', ${p(4)}, ${p(5)}, 0, 0, ${p(6)}, NULL, NULL, 0, NULL, NULL, ${p(7)}, ${p(8)}, ${p(9)}, NULL, NULL)`,
  insertEvent: (p) => `INSERT INTO order_events (id, order_id, type, summary, data, at) VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, ${p(6)})`,
  latestPayment: (p) => `SELECT * FROM payments WHERE order_id = ${p(1)} ORDER BY attempt DESC LIMIT 1`,
  ownedOrder: (p) => `SELECT * FROM orders WHERE id = ${p(1)} AND user_id = ${p(2)}`,
  claim: (p) =>
    `UPDATE orders SET payment_attempts = ${p(1)}, updated_at = ${p(2)} WHERE id = ${p(3)} AND payment_attempts = ${p(4)} AND status = 'PENDING_PAYMENT'`,
  insertPayment: (p) =>
    `INSERT INTO payments (id, order_id, provider, attempt, reference, provider_payment_id, status, amount_value, currency, request_payment, provider_data, captured_value, failure_reason, created_at, updated_at, next_query_at, query_attempts) VALUES (${p(1)}, ${p(2)}, 'intents', ${p(3)}, ${p(4)}, NULL, 'PENDING', ${p(5)}, ${p(6)}, NULL, NULL, NULL, NULL, ${p(7)}, ${p(8)}, ${p(9)}, 0)`,
  openid: (p) => `SELECT openid FROM users WHERE id = ${p(1)}`,
  storeCreated: (p) =>
    `UPDATE payments SET provider_payment_id = ${p(1)}, request_payment = ${p(2)}, provider_data = NULL, updated_at = ${p(3)} WHERE id = ${p(4)}`,
};

// ---------- the two drivers behind one small async interface ----------
async function openDatabase() {
  if (env.DATABASE_URL) {
    const { Pool } = apiRequire('pg');
    const pool = new Pool({ connectionString: env.DATABASE_URL, max: 10, connectionTimeoutMillis: 5000 });
    const p = (i) => `$${i}`;
    const text = Object.fromEntries(Object.entries(SQL).map(([k, f]) => [k, k === 'products' ? null : f(p)]));
    for (const statement of DDL) await pool.query(statement);
    const client = (c) => ({
      all: async (name, args) => (await c.query({ name, text: text[name], values: args })).rows,
      run: async (name, args) => (await c.query({ name, text: text[name], values: args })).rowCount,
      products: async (ids) => (await c.query(SQL.products(ids.length, p), ids)).rows,
    });
    const direct = client(pool);
    return {
      kind: 'pg',
      ...direct,
      exec: (sql, args) => pool.query(sql, args),
      async tx(work) {
        const c = await pool.connect();
        try {
          await c.query('BEGIN');
          const result = await work(client(c));
          await c.query('COMMIT');
          return result;
        } catch (error) {
          await c.query('ROLLBACK').catch(() => {});
          throw error;
        } finally {
          c.release();
        }
      },
      close: () => pool.end(),
    };
  }
  const Database = apiRequire('better-sqlite3');
  const dir = env.DATA_DIR ?? './data-twin';
  mkdirSync(dir, { recursive: true });
  const db = new Database(join(dir, 'twin.sqlite'));
  db.pragma('foreign_keys = ON');
  db.pragma('journal_mode = WAL'); // as TypeORM opens the API's database; synchronous stays at its default
  for (const statement of DDL) db.exec(statement);
  const p = () => '?';
  const stmts = Object.fromEntries(Object.entries(SQL).map(([k, f]) => [k, k === 'products' ? null : db.prepare(f(p))]));
  const productStmts = new Map();
  const api = {
    all: async (name, args) => stmts[name].all(...args),
    run: async (name, args) => stmts[name].run(...args).changes,
    products: async (ids) => {
      let s = productStmts.get(ids.length);
      if (!s) productStmts.set(ids.length, (s = db.prepare(SQL.products(ids.length, p))));
      return s.all(...ids);
    },
  };
  // One connection, so transactions are queued (as the API's TransactionRunner queues them on SQLite).
  let queue = Promise.resolve();
  const begin = db.prepare('BEGIN IMMEDIATE');
  const commit = db.prepare('COMMIT');
  const rollback = db.prepare('ROLLBACK');
  return {
    kind: 'sqlite',
    ...api,
    exec: async (sql, args = []) => db.prepare(sql).run(...args),
    tx(work) {
      const result = queue.then(async () => {
        begin.run();
        try {
          const value = await work(api);
          commit.run();
          return value;
        } catch (error) {
          if (db.inTransaction) rollback.run();
          throw error;
        }
      });
      queue = result.catch(() => undefined);
      return result;
    },
    close: async () => db.close(),
  };
}

const db = await openDatabase();

// Seed: one product (HKD 12.50, like the API's catalog) and TWIN_USERS shoppers twin-user-0.. with their openids.
{
  const now = Date.now();
  const q = db.kind === 'pg' ? (i) => `$${i}` : () => '?';
  const conflict = db.kind === 'pg' ? ' ON CONFLICT DO NOTHING' : '';
  const or = db.kind === 'pg' ? '' : ' OR IGNORE';
  await db.exec(
    `INSERT${or} INTO products (id, name, description, image_url, price_value, currency, active, sort_order) VALUES (${q(1)}, ${q(2)}, ${q(3)}, NULL, ${q(4)}, ${q(5)}, ${q(6)}, 0)${conflict}`,
    [TWIN_PRODUCT_ID, 'Oolong tea', 'A bench product', 1250, 'HKD', db.kind === 'pg' ? true : 1],
  );
  for (let i = 0; i < USERS; i++) {
    await db.exec(`INSERT${or} INTO users (id, openid, session_key, created_at, updated_at) VALUES (${q(1)}, ${q(2)}, NULL, ${q(3)}, ${q(4)})${conflict}`, [
      `twin-user-${i}`,
      `o-twin-${i}`,
      now,
      now,
    ]);
  }
}

// ---------- helpers the API has in its own modules ----------
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
function newMerchantOrderId(now) {
  const day = now.toISOString().slice(2, 10).replace(/-/g, '');
  let random = '';
  for (let i = 0; i < 12; i++) random += ALPHABET[randomInt(ALPHABET.length)];
  return `MP${day}${random}`;
}
function toIntentsMajor(value, currency) {
  const iso = ISO_EXPONENTS[currency];
  const exp = INTENTS_EXPONENTS[currency];
  if (iso === undefined || exp === undefined) throw new HttpError(422, 'CURRENCY_NOT_SUPPORTED', `intents cannot charge ${currency}`);
  if (exp < iso && value % 10 ** (iso - exp) !== 0) throw new HttpError(422, 'CURRENCY_NOT_SUPPORTED', 'amount not expressible');
  const units = exp < iso ? value / 10 ** (iso - exp) : value;
  if (exp === 0) return String(units);
  const s = String(units).padStart(exp + 1, '0');
  return `${s.slice(0, -exp)}.${s.slice(-exp)}`;
}
class HttpError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}
const num = (v) => (v == null ? null : Number(v));

// Intents access token: cached, refreshed a minute before expiry, one fetch however many requests wait for it.
let token = null;
let tokenInFlight = null;
async function accessToken() {
  if (token && Date.now() < token.refreshAt) return token.value;
  tokenInFlight ??= (async () => {
    const reply = await intentsFetch('/authentication/access_token', { client_id: CLIENT_ID, api_key: API_KEY });
    if (reply.body?.code !== 0 || typeof reply.body.data?.access_token !== 'string') throw new HttpError(502, 'PROVIDER_REJECTED', 'no access token');
    const lifetimeMs = reply.body.data.expires_in * 1000;
    token = { value: reply.body.data.access_token, refreshAt: Date.now() + Math.max(lifetimeMs - 60_000, lifetimeMs / 2) };
    return token.value;
  })().finally(() => {
    tokenInFlight = null;
  });
  return tokenInFlight;
}
async function intentsFetch(path, body, headers = {}) {
  let res;
  try {
    res = await fetch(`${INTENTS_BASE_URL}${path}`, {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(PROVIDER_TIMEOUT_MS),
    });
  } catch (error) {
    throw new HttpError(error?.name === 'TimeoutError' ? 504 : 503, 'PROVIDER_UNAVAILABLE', `intents${path}: ${error?.message}`);
  }
  const text = await res.text();
  let parsed;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = text;
  }
  return { status: res.status, body: parsed };
}
async function intentsCall(path, body) {
  for (let attempt = 0; ; attempt++) {
    const reply = await intentsFetch(path, body, { authorization: `Bearer ${await accessToken()}` });
    if (typeof reply.body?.code !== 'number') throw new HttpError(502, 'PROVIDER_REJECTED', 'reply is not the envelope');
    if ((reply.status === 401 || reply.body.code === 40101) && attempt === 0) {
      token = null;
      continue;
    }
    return reply.body;
  }
}

// ---------- the app ----------
const app = Fastify({ logger: false });
app.setErrorHandler((error, _request, reply) => {
  const status = error.status ?? error.statusCode ?? 500;
  void reply.status(status).send({ error: { code: error.code ?? 'INTERNAL', message: error.message } });
});
const BEARER = /^Bearer ([A-Za-z0-9_\-.]{1,2048})$/;
function userOf(request) {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? BEARER.exec(header) : null;
  const claims = match ? verify(match[1]) : null;
  if (!claims) throw new HttpError(401, 'UNAUTHENTICATED', 'A valid session token is required; log in again');
  return claims.sub;
}
const orderBodySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['items'],
  properties: {
    items: {
      type: 'array',
      minItems: 1,
      maxItems: 20,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['productId', 'quantity'],
        properties: { productId: { type: 'string', minLength: 1, maxLength: 64 }, quantity: { type: 'integer', minimum: 1, maximum: 99 } },
      },
    },
  },
};
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function orderView(o, latest) {
  return {
    id: o.id,
    merchantOrderId: o.merchantOrderId,
    status: o.status,
    items: o.items,
    total: { value: o.amountValue, currency: o.currency },
    refunded: { value: 0, currency: o.currency },
    createdAt: new Date(o.createdAt).toISOString(),
    expiresAt: new Date(o.expiresAt).toISOString(),
    paidAt: null,
    payment: latest ? { id: latest.id, status: latest.status, provider: latest.provider } : null,
  };
}

app.get('/health/live', async () => ({ status: 'ok' }));

app.post('/orders', { schema: { body: orderBodySchema } }, async (request, reply) => {
  const userId = userOf(request);
  const { items } = request.body;
  if (new Set(items.map((i) => i.productId)).size !== items.length) throw new HttpError(400, 'VALIDATION_FAILED', 'each productId may appear once');
  const products = new Map((await db.products(items.map((i) => i.productId))).map((p) => [p.id, p]));
  const lines = items.map(({ productId, quantity }) => {
    const p = products.get(productId);
    if (!p) throw new HttpError(422, 'PRODUCT_NOT_FOUND', `no product ${productId}`);
    if (!p.active) throw new HttpError(422, 'PRODUCT_UNAVAILABLE', `${productId} is not available`);
    const unit = num(p.price_value);
    return { productId, name: p.name, quantity, unitPrice: { value: unit, currency: p.currency }, lineTotal: { value: unit * quantity, currency: p.currency } };
  });
  const currency = lines[0].unitPrice.currency;
  if (lines.some((l) => l.unitPrice.currency !== currency)) throw new HttpError(422, 'MIXED_CURRENCIES', 'one currency per order');
  const total = lines.reduce((s, l) => s + l.lineTotal.value, 0);
  if (!Number.isSafeInteger(total)) throw new HttpError(400, 'VALIDATION_FAILED', 'The order total is too large');
  const now = new Date();
  const order = {
    id: newRowId(),
    merchantOrderId: newMerchantOrderId(now),
    status: 'PENDING_PAYMENT',
    amountValue: total,
    currency,
    items: lines,
    createdAt: now.getTime(),
    expiresAt: now.getTime() + ORDER_TTL_MS,
  };
  await db.tx(async (t) => {
    await t.run('insertOrder', [
      order.id,
      order.merchantOrderId,
      userId,
      total,
      currency,
      JSON.stringify(lines),
      order.createdAt,
      order.createdAt,
      order.expiresAt,
    ]);
    await t.run('insertEvent', [
      newRowId(),
      order.id,
      'created',
      `order created for ${total} ${currency} (minor units)`,
      JSON.stringify({ items: lines.length }),
      Date.now(),
    ]);
  });
  // a new order has no attempt and no refund yet: like the API, nothing more to read for its view
  void reply.status(201);
  return orderView(order, null);
});

app.post('/orders/:id/pay', async (request) => {
  const userId = userOf(request);
  const orderId = request.params.id;
  if (!UUID.test(orderId)) throw new HttpError(400, 'VALIDATION_FAILED', 'order id');
  const [row] = await db.all('ownedOrder', [orderId, userId]);
  if (!row) throw new HttpError(404, 'ORDER_NOT_FOUND', 'Order not found');
  if (row.review_reason) throw new HttpError(409, 'ORDER_IN_REVIEW', 'in review');
  if (row.status !== 'PENDING_PAYMENT') throw new HttpError(409, row.status === 'CLOSED' ? 'ORDER_CLOSED' : 'ORDER_ALREADY_PAID', row.status);
  if (num(row.expires_at) <= Date.now()) throw new HttpError(409, 'ORDER_CLOSED', 'expired');
  const [latest] = await db.all('latestPayment', [orderId]);
  if (latest?.status === 'SUCCEEDED') throw new HttpError(409, 'ORDER_ALREADY_PAID', 'paid');
  if (latest?.status === 'PENDING' && latest.request_payment && latest.provider === 'intents') {
    return { paymentId: latest.id, provider: 'intents', requestPayment: JSON.parse(latest.request_payment) };
  }
  if (latest?.status === 'PENDING') throw new HttpError(409, 'ORDER_BUSY', 'previous attempt unresolved (not handled by the twin)');
  const amountValue = num(row.amount_value);
  const amount = toIntentsMajor(amountValue, row.currency); // refuse before an attempt row exists, as the API does
  const paymentAttempts = num(row.payment_attempts);
  const attempt = paymentAttempts + 1;
  const reference = `${row.merchant_order_id}-${attempt}`;
  const paymentId = newRowId();
  const now = Date.now();
  const claimed = await db.tx(async (t) => {
    if ((await t.run('claim', [attempt, now, orderId, paymentAttempts])) !== 1) return false;
    await t.run('insertPayment', [paymentId, orderId, attempt, reference, amountValue, row.currency, now, now, now + RECONCILE_AFTER_MS]);
    return true;
  });
  if (!claimed) throw new HttpError(409, 'ORDER_BUSY', 'A payment for this order is being created; retry in a moment');
  const items = JSON.parse(row.items);
  const description = `${items[0]?.name ?? 'Order'}${items.length > 1 ? ` and ${items.length - 1} more` : ''}`.slice(0, 120);
  const [user] = await db.all('openid', [userId]);
  const reply = await intentsCall('/pa/payment_intents/create', {
    amount,
    currency: row.currency,
    merchant_order_id: reference,
    description,
    notify_url: `${PUBLIC_BASE_URL}/webhooks/intents`,
    payment_method: { type: 'wechat', wechat: { flow: 'mini_program', sub_appid: WECHAT_APP_ID, sub_openid: user.openid } },
  });
  if (reply.code !== 0) throw new HttpError(502, 'PROVIDER_REJECTED', `intents.create: ${reply.code} ${reply.message ?? ''}`);
  const data = reply.data;
  const sdk = data?.next_action?.data;
  if (typeof data?.order_id !== 'string' || data.next_action?.type !== 'call_sdk' || typeof sdk?.paySign !== 'string') {
    throw new HttpError(502, 'PROVIDER_REJECTED', 'intents.create: unexpected data');
  }
  const requestPayment = { timeStamp: String(sdk.timeStamp), nonceStr: sdk.nonceStr, package: sdk.package, paySign: sdk.paySign, signType: sdk.signType };
  await db.tx(async (t) => {
    await t.run('storeCreated', [data.order_id, JSON.stringify(requestPayment), Date.now(), paymentId]);
    await t.run('insertEvent', [
      newRowId(),
      orderId,
      'provider_call',
      `created attempt ${reference} at intents`,
      JSON.stringify({ paymentId, providerPaymentId: data.order_id }),
      Date.now(),
    ]);
  });
  return { paymentId, provider: 'intents', requestPayment };
});

await app.listen({ host: '127.0.0.1', port: PORT });
console.log(`twin-order-pay (${db.kind}) listening on ${app.server.address().port}`);
const stop = () =>
  app
    .close()
    .then(() => db.close())
    .then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
