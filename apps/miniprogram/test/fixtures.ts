import { Order, Product, type OrderStatus, type PaymentStatus, type PayResponse } from '@minipay/contracts'

/** Builders that return contract-valid objects (parsed with the same schemas the client validates with). */

let seq = 0
const uuid = () => {
  seq += 1
  return `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`
}

export function product(overrides: Partial<Product> = {}): Product {
  return Product.parse({
    id: overrides.id ?? `prod_${++seq}`,
    name: 'Green tea',
    description: 'A pot of jasmine green tea',
    imageUrl: null,
    price: { value: 2500, currency: 'HKD' },
    ...overrides,
  })
}

export function order(overrides: Partial<Omit<Order, 'latestPayment'>> & { paymentStatus?: PaymentStatus | null } = {}): Order {
  const { paymentStatus = null, ...rest } = overrides
  const status: OrderStatus = rest.status ?? 'PENDING_PAYMENT'
  return Order.parse({
    id: uuid(),
    merchantOrderId: `MP${String(++seq).padStart(10, '0')}`,
    status,
    amount: { value: 7500, currency: 'HKD' },
    refundedAmount: { value: 0, currency: 'HKD' },
    items: [
      { productId: 'prod_tea', name: 'Green tea', quantity: 1, unitPrice: { value: 2500, currency: 'HKD' }, lineTotal: { value: 2500, currency: 'HKD' } },
      { productId: 'prod_cake', name: 'Egg tart', quantity: 2, unitPrice: { value: 2500, currency: 'HKD' }, lineTotal: { value: 5000, currency: 'HKD' } },
    ],
    createdAt: '2026-11-25T10:00:00.000Z',
    expiresAt: '2026-11-25T10:30:00.000Z',
    paidAt: status === 'PAID' ? '2026-11-25T10:01:00.000Z' : null,
    latestPayment: paymentStatus ? { id: uuid(), provider: 'intents', status: paymentStatus, createdAt: '2026-11-25T10:00:30.000Z' } : null,
    inReview: false,
    refunds: [],
    ...rest,
  })
}

export function payResponse(): PayResponse {
  return {
    paymentId: uuid(),
    provider: 'intents',
    requestPayment: {
      timeStamp: '1764064800',
      nonceStr: 'n0nce',
      package: 'prepay_id=wx2025',
      signType: 'RSA',
      paySign: 'c2lnbmF0dXJl',
    },
  }
}
