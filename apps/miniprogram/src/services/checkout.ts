import type { Order } from '@minipay/contracts'
import * as api from './api'
import { cart, toOrderRequest, type CartState } from './cart'
import { payOrder, type PaymentOutcome } from './pay'

export type CheckoutStep = 'creating-order' | 'paying'

/** Thrown when the order exists but paying it failed: the page sends the shopper to that order. */
export class CheckoutPaymentError extends Error {
  override readonly name = 'CheckoutPaymentError'
  constructor(
    readonly order: Order,
    readonly reason: unknown,
  ) {
    super('The order was created but could not be paid')
  }
}

/**
 * Cart → order → pay sheet → the server's verdict. The cart empties once the order exists, because from then
 * on the order (in "My orders") is what the shopper pays, however the sheet ends.
 */
export async function checkout(snapshot: CartState, onStep?: (step: CheckoutStep) => void): Promise<PaymentOutcome> {
  onStep?.('creating-order')
  const order = await api.createOrder(toOrderRequest(snapshot), snapshot.checkoutKey)
  cart.clear()
  onStep?.('paying')
  try {
    return await payOrder(order)
  } catch (error) {
    throw new CheckoutPaymentError(order, error)
  }
}
