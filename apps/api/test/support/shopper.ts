import { LoginResponse, Order, PayResponse, ProductListResponse } from '@minipay/contracts';
import { call, eventually } from './http';
import type { Stack } from './stack';

/** Drives the API as the mini program does, and the sandbox as the shopper does. */
export class Shopper {
  token = '';

  constructor(
    private readonly stack: Stack,
    readonly openid = `o${Math.random().toString(36).slice(2, 14)}shopper`,
  ) {}

  async login(): Promise<this> {
    const code = await this.mintCode();
    const reply = await call(this.stack.apiUrl, 'POST', '/auth/login', { body: { code } });
    if (reply.status !== 200) throw new Error(`login failed: ${reply.status} ${JSON.stringify(reply.body)}`);
    this.token = LoginResponse.parse(reply.body).token;
    return this;
  }

  async mintCode(): Promise<string> {
    const reply = await call(this.stack.sandbox.url, 'POST', '/__sandbox/wechat/codes', { body: { openid: this.openid } });
    return reply.body.code;
  }

  async products() {
    return ProductListResponse.parse((await this.api('GET', '/catalog/products')).body).items;
  }

  async placeOrder(items: { productId: string; quantity: number }[], headers?: Record<string, string>): Promise<Order> {
    const reply = await this.api('POST', '/orders', { items }, headers);
    if (reply.status !== 201) throw new Error(`order failed: ${reply.status} ${JSON.stringify(reply.body)}`);
    return Order.parse(reply.body);
  }

  async pay(orderId: string): Promise<PayResponse> {
    const reply = await this.api('POST', `/orders/${orderId}/pay`);
    if (reply.status !== 200) throw new Error(`pay failed: ${reply.status} ${JSON.stringify(reply.body)}`);
    return PayResponse.parse(reply.body);
  }

  async order(orderId: string): Promise<Order> {
    return Order.parse((await this.api('GET', `/orders/${orderId}`)).body);
  }

  waitForOrder(orderId: string, accept: (order: Order) => boolean, what: string): Promise<Order> {
    return eventually(() => this.order(orderId), accept, 8000, what);
  }

  /** The shopper's action in the sandbox's pay sheet. */
  async act(merchantOrderId: string, action: 'approve' | 'cancel' | 'refuse', body?: unknown) {
    return call(this.stack.sandbox.url, 'POST', `/__sandbox/payments/${merchantOrderId}/${action}`, { body: body ?? {} });
  }

  api(method: string, path: string, body?: unknown, headers?: Record<string, string>) {
    return call(this.stack.apiUrl, method, path, { token: this.token, body, headers });
  }
}
