import type { Money, RequestPaymentParams } from '@minipay/contracts'

/** What the pay sheet shows. The real WeChat sheet takes it from the prepay order; the simulated one needs it. */
export interface PaySheetContext {
  merchantOrderId: string
  amount: Money
  merchantName: string
}

export interface PaySheetResult {
  /** Exactly what wx.requestPayment reports: "requestPayment:ok", "requestPayment:fail cancel", … */
  errMsg: string
}

/** The only two WeChat capabilities the app uses. Services call these; nothing else touches wx.* or Taro's versions. */
export interface WeChatBridge {
  /** A fresh single-use login code (wx.login). */
  login(): Promise<{ code: string }>
  /** Shows the pay sheet and resolves (never rejects) with the sheet's errMsg. */
  requestPayment(params: RequestPaymentParams, context: PaySheetContext): Promise<PaySheetResult>
}
