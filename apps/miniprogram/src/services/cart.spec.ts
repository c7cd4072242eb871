import { product } from '../../test/fixtures'
import { __storage } from '../../test/mocks/taro'
import { CART_STORAGE_KEY, cart, cartCount, cartTotals, resetCartForTests, toOrderRequest } from './cart'

beforeEach(() => resetCartForTests())

describe('cart', () => {
  const tea = product({ id: 'tea', name: 'Tea', price: { value: 2500, currency: 'HKD' } })
  const tart = product({ id: 'tart', name: 'Tart', price: { value: 1200, currency: 'HKD' } })

  it('adds products, counts them and totals them in minor units', () => {
    cart.add(tea)
    cart.add(tart)
    cart.add(tart)
    const snapshot = cart.getSnapshot()
    expect(cartCount(snapshot)).toBe(3)
    expect(cartTotals(snapshot)).toEqual([{ value: 4900, currency: 'HKD' }])
    expect(toOrderRequest(snapshot)).toEqual({
      items: [
        { productId: 'tea', quantity: 1 },
        { productId: 'tart', quantity: 2 },
      ],
    })
  })

  it('removes a line at quantity 0 and clamps to the API maximum', () => {
    cart.add(tea)
    cart.setQuantity('tea', 500)
    expect(cart.quantityOf('tea')).toBe(99)
    cart.setQuantity('tea', 0)
    expect(cart.getSnapshot().lines).toEqual([])
  })

  it('persists across restarts', () => {
    cart.add(tea, 2)
    resetCartForTests()
    expect(cart.quantityOf('tea')).toBe(2)
    expect(__storage().get(CART_STORAGE_KEY)).toBeTruthy()
  })

  it('keeps one idempotency key per cart content, and changes it when the cart changes', () => {
    cart.add(tea)
    const key = cart.getSnapshot().checkoutKey
    expect(cart.getSnapshot().checkoutKey).toBe(key)
    cart.add(tart)
    expect(cart.getSnapshot().checkoutKey).not.toBe(key)
  })

  it('notifies subscribers', () => {
    const listener = jest.fn()
    const unsubscribe = cart.subscribe(listener)
    cart.add(tea)
    unsubscribe()
    cart.add(tea)
    expect(listener).toHaveBeenCalledTimes(1)
  })
})
