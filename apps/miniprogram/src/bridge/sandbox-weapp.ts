import { REQUEST_PAYMENT_CANCEL, REQUEST_PAYMENT_OK, type RequestPaymentParams } from '@minipay/contracts'
import Taro from '@tarojs/taro'
import { t } from '../i18n'
import { formatMoney } from '../services/money'
import { mintLoginCode, shopperAction } from './sandbox-client'
import type { PaySheetContext, PaySheetResult, WeChatBridge } from './types'

/**
 * For previewing the weapp build in WeChat DevTools (or on a phone) against the local sandbox, where a real
 * wx.login code and a real pay sheet cannot work: built only with TARO_APP_BRIDGE=sandbox. Login mints a
 * sandbox code; the pay sheet is a modal whose buttons are the shopper's action at the sandbox.
 */
export const sandboxWeappBridge: WeChatBridge = {
  login: mintLoginCode,

  async requestPayment(_params: RequestPaymentParams, context: PaySheetContext): Promise<PaySheetResult> {
    const { confirm } = await Taro.showModal({
      title: t('sheet.title'),
      content: `${context.merchantName}\n${formatMoney(context.amount)}\n${t('sheet.orderRef', { ref: context.merchantOrderId })}`,
      confirmText: t('sheet.pay'),
      cancelText: t('sheet.cancel'),
    })
    try {
      await shopperAction(context.merchantOrderId, confirm ? 'approve' : 'cancel')
      return { errMsg: confirm ? REQUEST_PAYMENT_OK : REQUEST_PAYMENT_CANCEL }
    } catch (error) {
      return { errMsg: `requestPayment:fail ${(error as Error).message}` }
    }
  },
}
