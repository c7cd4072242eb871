import {
  CreateOrderRequest,
  CreateRefundRequest,
  ErrorEnvelope,
  LoginRequest,
  Money,
  Order,
  OrderListQuery,
  PayResultRequest,
  RequestPaymentParams,
} from './index.js';

describe('Money', () => {
  it('accepts integer minor units with an ISO 4217 code', () => {
    expect(Money.parse({ value: 1250, currency: 'HKD' })).toEqual({ value: 1250, currency: 'HKD' });
  });
  it.each<[unknown, string]>([
    [{ value: 12.5, currency: 'HKD' }, 'a fractional amount'],
    [{ value: -1, currency: 'HKD' }, 'a negative amount'],
    [{ value: 100, currency: 'hkd' }, 'a lower-case currency'],
    [{ value: 100, currency: 'HKDX' }, 'a four-letter currency'],
    [{ value: '100', currency: 'HKD' }, 'a string amount'],
  ])('rejects %j (%s)', (input) => {
    expect(Money.safeParse(input).success).toBe(false);
  });
});

describe('LoginRequest', () => {
  it('accepts a wx.login code', () => {
    expect(LoginRequest.parse({ code: '0a3Xyz' }).code).toBe('0a3Xyz');
  });
  it.each([{}, { code: '' }, { code: 42 }, { code: 'a b' }, { code: 'x'.repeat(129) }, { code: 'ok', extra: 1 }])('rejects %j', (input) => {
    expect(LoginRequest.safeParse(input).success).toBe(false);
  });
});

describe('CreateOrderRequest', () => {
  it('accepts product lines', () => {
    const parsed = CreateOrderRequest.parse({ items: [{ productId: 'tea', quantity: 2 }] });
    expect(parsed.items[0]).toEqual({ productId: 'tea', quantity: 2 });
  });
  it('rejects a client-sent amount, because only the server prices an order', () => {
    const result = CreateOrderRequest.safeParse({
      items: [{ productId: 'tea', quantity: 1 }],
      amount: { value: 1, currency: 'HKD' },
    });
    expect(result.success).toBe(false);
  });
  it('rejects a client-sent unit price on a line', () => {
    expect(CreateOrderRequest.safeParse({ items: [{ productId: 'tea', quantity: 1, price: 1 }] }).success).toBe(false);
  });
  it.each([
    { items: [] },
    { items: [{ productId: 'tea', quantity: 0 }] },
    { items: [{ productId: 'tea', quantity: 1.5 }] },
    { items: [{ productId: 'tea', quantity: 100 }] },
    { items: [{ productId: '', quantity: 1 }] },
    {
      items: [
        { productId: 'tea', quantity: 1 },
        { productId: 'tea', quantity: 2 },
      ],
    },
    { items: 'tea' },
    null,
  ])('rejects %j', (input) => {
    expect(CreateOrderRequest.safeParse(input).success).toBe(false);
  });
});

describe('RequestPaymentParams', () => {
  const valid = {
    timeStamp: '1719833981',
    nonceStr: '389ldtvku2t',
    package: 'prepay_id=wx01193931618587ccd846840000',
    signType: 'RSA',
    paySign: 'Xe8d6Tl6P5==',
  };
  it('accepts exactly what wx.requestPayment takes', () => {
    expect(RequestPaymentParams.parse(valid)).toEqual(valid);
  });
  it('rejects a numeric timeStamp, which WeChat refuses', () => {
    expect(RequestPaymentParams.safeParse({ ...valid, timeStamp: 1719833981 }).success).toBe(false);
  });
  it('rejects appId, which wx.requestPayment does not take', () => {
    expect(RequestPaymentParams.safeParse({ ...valid, appId: 'wx1' }).success).toBe(false);
  });
  it('rejects an unknown signType', () => {
    expect(RequestPaymentParams.safeParse({ ...valid, signType: 'SHA1' }).success).toBe(false);
  });
});

describe('PayResultRequest', () => {
  it.each(['requestPayment:ok', 'requestPayment:fail cancel', 'requestPayment:fail (detail message)'])('accepts %s', (errMsg) => {
    expect(PayResultRequest.parse({ errMsg }).errMsg).toBe(errMsg);
  });
  it.each(['ok', '', 'paid'])('rejects %j', (errMsg) => {
    expect(PayResultRequest.safeParse({ errMsg }).success).toBe(false);
  });
});

describe('ErrorEnvelope', () => {
  it('accepts { error: { code, message, details? } }', () => {
    expect(ErrorEnvelope.safeParse({ error: { code: 'ORDER_NOT_FOUND', message: 'no such order' } }).success).toBe(true);
    expect(ErrorEnvelope.safeParse({ error: { code: 'VALIDATION_FAILED', message: 'bad', details: [{ path: 'a' }] } }).success).toBe(true);
  });
  it('rejects an envelope without a code', () => {
    expect(ErrorEnvelope.safeParse({ error: { message: 'x' } }).success).toBe(false);
  });
});

describe('Order', () => {
  it('round-trips an API order', () => {
    const order = {
      id: '6f1c1e58-9b52-4c43-8f4d-0e1f1a2b3c4d',
      merchantOrderId: 'MP2611250A1B2C3D4E5F6G',
      status: 'PENDING_PAYMENT',
      amount: { value: 5800, currency: 'HKD' },
      refundedAmount: { value: 0, currency: 'HKD' },
      items: [{ productId: 'tea', name: 'Tea', quantity: 2, unitPrice: { value: 2900, currency: 'HKD' }, lineTotal: { value: 5800, currency: 'HKD' } }],
      createdAt: '2026-11-25T10:00:00.000Z',
      expiresAt: '2026-11-25T10:30:00.000Z',
      paidAt: null,
      latestPayment: null,
      inReview: false,
      refunds: [],
    };
    expect(Order.parse(order)).toEqual(order);
    expect(Order.safeParse({ ...order, status: 'SHIPPED' }).success).toBe(false);
    expect(Order.safeParse({ ...order, merchantOrderId: 'x'.repeat(33) }).success).toBe(false);
  });
});

describe('OrderListQuery', () => {
  it('defaults to a page of 20 and coerces the query string', () => {
    expect(OrderListQuery.parse({})).toEqual({ limit: 20 });
    expect(OrderListQuery.parse({ limit: '5', cursor: 'abc_-1' })).toEqual({ limit: 5, cursor: 'abc_-1' });
  });
  it.each([{ limit: '0' }, { limit: '101' }, { limit: 'x' }, { cursor: 'a b' }, { cursor: '' }, { page: '2' }])('rejects %j', (input) => {
    expect(OrderListQuery.safeParse(input).success).toBe(false);
  });
});

describe('CreateRefundRequest', () => {
  it('takes an optional paymentId to refund one payment of the order', () => {
    const paymentId = '6f1c1e58-9b52-4c43-8f4d-0e1f1a2b3c4d';
    expect(CreateRefundRequest.parse({ reason: 'duplicate', paymentId })).toEqual({ reason: 'duplicate', paymentId });
    expect(CreateRefundRequest.safeParse({ reason: 'x', paymentId: 'nope' }).success).toBe(false);
  });
});
