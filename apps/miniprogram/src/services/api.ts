import { CreateOrderRequest, ORDER_PAGE_DEFAULT, Order, OrderListResponse, PayResponse, PayResultRequest, ProductListResponse } from '@minipay/contracts'
import { withAuth } from './auth'
import { httpRequest } from './http'

/** The API surface the mini program uses; every request and response typed and validated by the contracts. */

export function listProducts(): Promise<ProductListResponse> {
  return httpRequest({ method: 'GET', path: '/catalog/products', schema: ProductListResponse })
}

/** The key makes a retried "Pay" tap (lost response, 401 re-login) return the same order instead of a second one. */
export function createOrder(request: CreateOrderRequest, idempotencyKey: string): Promise<Order> {
  const body = CreateOrderRequest.parse(request)
  return withAuth((token) => httpRequest({ method: 'POST', path: '/orders', body, token, headers: { 'Idempotency-Key': idempotencyKey }, schema: Order }))
}

/** One page of "My orders", newest first; pass the previous page's nextCursor for the next (older) one. */
export function listOrders({ cursor, limit = ORDER_PAGE_DEFAULT }: { cursor?: string | null; limit?: number } = {}): Promise<OrderListResponse> {
  const query = `?limit=${encodeURIComponent(String(limit))}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`
  return withAuth((token) => httpRequest({ method: 'GET', path: `/orders${query}`, token, schema: OrderListResponse }))
}

export function getOrder(orderId: string): Promise<Order> {
  return withAuth((token) => httpRequest({ method: 'GET', path: `/orders/${encodeURIComponent(orderId)}`, token, schema: Order }))
}

/** Starts a payment attempt; the answer carries the wx.requestPayment parameters, passed through untouched. */
export function startPayment(orderId: string): Promise<PayResponse> {
  return withAuth((token) => httpRequest({ method: 'POST', path: `/orders/${encodeURIComponent(orderId)}/pay`, token, schema: PayResponse }))
}

/** Tells the API what the pay sheet reported; the API asks the provider and answers with its own verdict. */
export function reportPaymentResult(orderId: string, result: PayResultRequest): Promise<Order> {
  const body = PayResultRequest.parse(result)
  return withAuth((token) => httpRequest({ method: 'POST', path: `/orders/${encodeURIComponent(orderId)}/pay/result`, body, token, schema: Order }))
}
