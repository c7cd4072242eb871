import Taro from '@tarojs/taro'

/** The languages the app speaks; zh-CN when the device's language is none of them (or unknown). */
export const LOCALES = ['zh-CN', 'zh-TW', 'en-US'] as const
export type Locale = (typeof LOCALES)[number]
export const DEFAULT_LOCALE: Locale = 'zh-CN'

/**
 * Which of our locales a language tag means: WeChat reports `zh_CN`, `zh_TW`, `zh_HK`, `en`; browsers
 * `zh-CN`, `zh-Hant-HK`, `en-GB`… Traditional script or a TW/HK/MO region → zh-TW; other Chinese → zh-CN.
 */
export function matchLocale(tag: unknown): Locale | null {
  if (typeof tag !== 'string' || !tag) return null
  const parts = tag.toLowerCase().replace(/_/g, '-').split('-')
  if (parts[0] === 'en') return 'en-US'
  if (parts[0] !== 'zh') return null
  const rest = parts.slice(1)
  return rest.includes('hant') || rest.some((part) => part === 'tw' || part === 'hk' || part === 'mo') ? 'zh-TW' : 'zh-CN'
}

/** The first of the tags we speak, else the default. */
export function pickLocale(tags: readonly unknown[]): Locale {
  for (const tag of tags) {
    const locale = matchLocale(tag)
    if (locale) return locale
  }
  return DEFAULT_LOCALE
}

/** WeChat's language setting: getAppBaseInfo (base library ≥ 2.20.1), else the older getSystemInfoSync. */
function weChatLanguage(): unknown {
  try {
    const info = Taro.getAppBaseInfo?.()
    if (info?.language) return info.language
  } catch {
    // Older base library: fall through.
  }
  try {
    return Taro.getSystemInfoSync?.()?.language
  } catch {
    return undefined
  }
}

/** The browser's languages in order of preference (H5). */
function browserLanguages(): unknown[] {
  if (typeof navigator === 'undefined') return []
  return navigator.languages?.length ? [...navigator.languages] : [navigator.language]
}

export function detectLocale(): Locale {
  return process.env.TARO_ENV === 'h5' ? pickLocale(browserLanguages()) : pickLocale([weChatLanguage()])
}
