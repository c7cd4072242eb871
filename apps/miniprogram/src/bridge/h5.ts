import { REQUEST_PAYMENT_CANCEL, REQUEST_PAYMENT_OK, type RequestPaymentParams, type SandboxShopperAction } from '@minipay/contracts'
import { t } from '../i18n'
import { formatMoney } from '../services/money'
import { mintLoginCode, shopperAction } from './sandbox-client'
import type { PaySheetContext, PaySheetResult, WeChatBridge } from './types'

/**
 * The browser stand-in for WeChat, driven by the local sandbox: login mints a code the sandbox's
 * jscode2session will accept, and the pay sheet turns "Pay" / "Cancel" into the shopper's action at the
 * provider. It resolves with the errMsg strings wx.requestPayment uses, so the services cannot tell the
 * difference.
 */

export const SHEET_ID = 'wx-pay-sheet'

function el<K extends keyof HTMLElementTagNameMap>(tag: K, style: Partial<CSSStyleDeclaration>, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag)
  Object.assign(node.style, style)
  if (text !== undefined) node.textContent = text
  return node
}

/** A WeChat-Pay-like bottom sheet: amount, merchant, order reference, "Pay" and "Cancel". */
function showSheet(context: PaySheetContext): Promise<PaySheetResult> {
  document.getElementById(SHEET_ID)?.remove()

  const overlay = el('div', {
    position: 'fixed',
    inset: '0',
    background: 'rgba(0,0,0,0.55)',
    zIndex: '100000',
    display: 'flex',
    alignItems: 'flex-end',
    justifyContent: 'center',
    fontFamily: 'system-ui, sans-serif',
  })
  overlay.id = SHEET_ID
  overlay.setAttribute('role', 'dialog')
  overlay.setAttribute('aria-label', t('sheet.title'))

  const sheet = el('div', {
    background: '#f7f7f7',
    width: '100%',
    maxWidth: '480px',
    borderRadius: '12px 12px 0 0',
    padding: '20px 20px 28px',
    boxSizing: 'border-box',
    textAlign: 'center',
  })
  const title = el('div', { fontSize: '15px', color: '#07c160', fontWeight: '600' }, t('sheet.title'))
  const merchant = el('div', { fontSize: '14px', color: '#333', marginTop: '14px' }, context.merchantName)
  const amount = el('div', { fontSize: '34px', fontWeight: '600', color: '#111', margin: '8px 0' }, formatMoney(context.amount))
  amount.className = 'wx-pay-sheet-amount'
  const reference = el('div', { fontSize: '12px', color: '#888' }, t('sheet.orderRef', { ref: context.merchantOrderId }))
  reference.id = 'wx-pay-order-ref'
  reference.dataset.merchantOrderId = context.merchantOrderId
  const status = el('div', { fontSize: '13px', color: '#c33', minHeight: '18px', margin: '10px 0' })
  status.setAttribute('role', 'status')

  const buttonStyle: Partial<CSSStyleDeclaration> = {
    display: 'block',
    width: '100%',
    padding: '12px',
    fontSize: '16px',
    borderRadius: '8px',
    border: 'none',
    marginTop: '10px',
    cursor: 'pointer',
  }
  const payButton = el('button', { ...buttonStyle, background: '#07c160', color: '#fff' }, t('sheet.pay'))
  payButton.id = 'wx-pay-confirm'
  payButton.type = 'button'
  const cancelButton = el('button', { ...buttonStyle, background: '#fff', color: '#333' }, t('sheet.cancel'))
  cancelButton.id = 'wx-pay-cancel'
  cancelButton.type = 'button'

  sheet.append(title, merchant, amount, reference, status, payButton, cancelButton)
  overlay.append(sheet)
  document.body.append(overlay)

  return new Promise<PaySheetResult>((resolve) => {
    const finish = async (action: SandboxShopperAction, errMsg: string) => {
      payButton.disabled = true
      cancelButton.disabled = true
      status.style.color = '#888'
      status.textContent = action === 'approve' ? t('sheet.paying') : t('sheet.cancelling')
      let result: PaySheetResult
      try {
        await shopperAction(context.merchantOrderId, action)
        result = { errMsg }
      } catch (error) {
        // What WeChat reports when the payment could not go through for a reason other than the shopper.
        result = { errMsg: `requestPayment:fail ${(error as Error).message}` }
      }
      overlay.remove()
      resolve(result)
    }
    payButton.addEventListener('click', () => void finish('approve', REQUEST_PAYMENT_OK))
    cancelButton.addEventListener('click', () => void finish('cancel', REQUEST_PAYMENT_CANCEL))
  })
}

export const h5Bridge: WeChatBridge = {
  login: mintLoginCode,

  // The parameters are what a real sheet would verify; the simulated one has nothing to check them against.
  requestPayment(_params: RequestPaymentParams, context: PaySheetContext) {
    return showSheet(context)
  },
}
