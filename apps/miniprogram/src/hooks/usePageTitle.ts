import Taro from '@tarojs/taro'
import { useEffect } from 'react'
import { t, type MessageKey } from '../i18n'

/** Tab bar items in app.config.ts order. */
const TAB_KEYS: MessageKey[] = ['tab.shop', 'tab.orders']

/**
 * The navigation bar title and the tab bar in the shopper's language. Page configs are static JSON in the
 * weapp build (they carry the default language, zh-CN), so the words are set again at run time.
 */
export function usePageTitle(key: MessageKey, { tabPage = false }: { tabPage?: boolean } = {}): void {
  useEffect(() => {
    Promise.resolve(Taro.setNavigationBarTitle?.({ title: t(key) })).catch(() => undefined)
    if (!tabPage) return
    TAB_KEYS.forEach((tabKey, index) => {
      // Rejects on a page without a tab bar (and in old base libraries): nothing to fix then.
      Promise.resolve(Taro.setTabBarItem?.({ index, text: t(tabKey) })).catch(() => undefined)
    })
  }, [key, tabPage])
}
