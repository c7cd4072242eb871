import Taro from '@tarojs/taro'

/** Every route in one place; app.config.ts lists the same pages. */
export const ROUTES = {
  shop: '/pages/index/index',
  cart: '/pages/cart/index',
  result: '/pages/result/index',
  orders: '/pages/orders/index',
  order: '/pages/order/index',
} as const

function query(params: Record<string, string | undefined>): string {
  const pairs = Object.entries(params)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([key, value]) => `${key}=${encodeURIComponent(value)}`)
  return pairs.length ? `?${pairs.join('&')}` : ''
}

export const navigate = {
  shop: () => Taro.switchTab({ url: ROUTES.shop }),
  orders: () => Taro.switchTab({ url: ROUTES.orders }),
  cart: () => Taro.navigateTo({ url: ROUTES.cart }),
  order: (orderId: string) => Taro.navigateTo({ url: `${ROUTES.order}${query({ orderId })}` }),
  /** Replaces the current page: "back" from a result should not reopen the checkout that led to it. */
  result: (orderId: string, errMsg?: string) => Taro.redirectTo({ url: `${ROUTES.result}${query({ orderId, errMsg })}` }),
}

/** Router params arrive URL-encoded in some runtimes and decoded in others. */
export function decodeParam(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}
