import { DEFAULT_LOCALE, detectLocale, type Locale } from './locale'
import { enUS, type MessageKey, type Messages } from './messages/en-US'
import { zhCN } from './messages/zh-CN'
import { zhTW } from './messages/zh-TW'

export { LOCALES, DEFAULT_LOCALE, matchLocale, pickLocale, type Locale } from './locale'
export type { MessageKey, Messages } from './messages/en-US'

export const CATALOGUES: Record<Locale, Messages> = { 'zh-CN': zhCN, 'zh-TW': zhTW, 'en-US': enUS }

let current: Locale | null = null

/** The shopper's locale, decided once from WeChat's (or the browser's) language. */
export function getLocale(): Locale {
  if (!current) current = detectLocale()
  return current
}

/** Overrides the detected locale (tests, and a future language switch). */
export function setLocale(locale: Locale | null): void {
  current = locale
}

export type MessageParams = Record<string, string | number>

/** The message for `key` in the current locale, `{name}` placeholders filled from `params`. */
export function t(key: MessageKey, params?: MessageParams): string {
  const catalogue = CATALOGUES[getLocale()] ?? CATALOGUES[DEFAULT_LOCALE]
  const template = catalogue[key] ?? enUS[key] ?? key
  if (!params) return template
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole))
}

type PluralBase<K> = K extends `${infer Base}_one` ? Base : never
export type PluralKey = PluralBase<MessageKey>

/** Plural messages: `<key>_one` for a count of 1, `<key>_other` otherwise (Chinese uses the same text for both). */
export function tn(key: PluralKey, count: number, params?: MessageParams): string {
  const form = (count === 1 ? `${key}_one` : `${key}_other`) as MessageKey
  return t(form, { count, ...params })
}
