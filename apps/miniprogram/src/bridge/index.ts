import type { WeChatBridge } from './types'

export type { PaySheetContext, PaySheetResult, WeChatBridge } from './types'

/**
 * The one place that decides which WeChat bridge the app runs on. TARO_ENV and TARO_APP_BRIDGE are replaced
 * at build time, so webpack drops the other branches: the default weapp bundle holds neither the simulated
 * sheet nor the sandbox URL.
 * - H5: Taro's own login/requestPayment are stubs that silently succeed, hence the sandbox-driven bridge.
 * - weapp built with TARO_APP_BRIDGE=sandbox: DevTools preview against the local sandbox.
 * - weapp: the real wx.login / wx.requestPayment.
 */
// Taro replaces process.env.TARO_ENV / TARO_APP_BRIDGE at build time: a conditional require() keeps the other
// bridges (and the sandbox's address) out of the bundle, which a static import would not.
/* eslint-disable @typescript-eslint/no-require-imports */
function pick(): WeChatBridge {
  if (process.env.TARO_ENV === 'h5') {
    return (require('./h5') as typeof import('./h5')).h5Bridge
  }
  if (process.env.TARO_APP_BRIDGE === 'sandbox') {
    return (require('./sandbox-weapp') as typeof import('./sandbox-weapp')).sandboxWeappBridge
  }
  return (require('./weapp') as typeof import('./weapp')).weappBridge
}
/* eslint-enable @typescript-eslint/no-require-imports */

export const bridge: WeChatBridge = pick()
