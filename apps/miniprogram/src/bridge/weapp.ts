import Taro from '@tarojs/taro'
import type { RequestPaymentParams } from '@minipay/contracts'
import { BridgeError } from '../services/errors'
import type { PaySheetResult, WeChatBridge } from './types'

function errMsgOf(error: unknown, fallback: string): string {
  const errMsg = (error as { errMsg?: unknown } | null)?.errMsg
  return typeof errMsg === 'string' && errMsg ? errMsg : fallback
}

/** The real thing: Taro.login / Taro.requestPayment are wx.login / wx.requestPayment in the weapp build. */
export const weappBridge: WeChatBridge = {
  async login() {
    let result: Taro.login.SuccessCallbackResult
    try {
      result = await Taro.login()
    } catch (error) {
      throw new BridgeError(errMsgOf(error, 'login:fail'))
    }
    if (!result.code) throw new BridgeError(result.errMsg || 'login:fail no code')
    return { code: result.code }
  },

  async requestPayment(params: RequestPaymentParams): Promise<PaySheetResult> {
    try {
      // Passed through untouched: the server built and signed them.
      const result = await Taro.requestPayment({ ...params })
      return { errMsg: errMsgOf(result, 'requestPayment:ok') }
    } catch (error) {
      // wx.requestPayment rejects on cancel and on failure alike; the errMsg tells which.
      return { errMsg: errMsgOf(error, 'requestPayment:fail unknown') }
    }
  },
}
