/**
 * Build-time configuration. Taro's DefinePlugin replaces each `process.env.TARO_APP_*` below with the value
 * config/index.ts computed, so nothing here is read at run time and nothing here may be a secret.
 */
export function trimSlash(url: string): string {
  return url.replace(/\/+$/, '')
}

export const API_BASE_URL = trimSlash(process.env.TARO_APP_API_BASE_URL || 'http://127.0.0.1:3000')

/** Shown in the pay sheet; WeChat shows the merchant's registered name in the real one. */
export const MERCHANT_NAME = 'minipay demo store'

/** wx.request rejects after its own default of 60 s; a shopper should learn sooner that the network is down. */
export const REQUEST_TIMEOUT_MS = 15_000

/**
 * The catalog's picture URLs are paths on the API (`/catalog/images/…?v=hash`): only the app knows the
 * address it reaches the API at. Absolute URLs pass through; an empty one means no picture.
 */
export function resolveApiUrl(url: string | null | undefined): string | null {
  if (!url) return null
  if (/^https?:\/\//i.test(url)) return url
  return `${API_BASE_URL}${url.startsWith('/') ? '' : '/'}${url}`
}
