import { REQUEST_PAYMENT_CANCEL, REQUEST_PAYMENT_OK } from '@minipay/contracts'
import Taro from '@tarojs/taro'
import { payResponse } from '../../test/fixtures'
import { sandboxWeappBridge } from './sandbox-weapp'

const request = Taro.request as unknown as jest.Mock
const showModal = Taro.showModal as unknown as jest.Mock
const context = { merchantOrderId: 'MP7', amount: { value: 1550, currency: 'HKD' }, merchantName: 'minipay demo store' }
const actionBody = { provider: 'intents', merchantOrderId: 'MP7', providerReference: 'MP7-1', status: 'SUCCEEDED' }

describe('sandboxWeappBridge (DevTools preview against the sandbox)', () => {
  it('asks in a modal and approves at the sandbox on "Pay"', async () => {
    showModal.mockResolvedValue({ confirm: true, cancel: false })
    request.mockResolvedValue({ statusCode: 200, data: actionBody })
    await expect(sandboxWeappBridge.requestPayment(payResponse().requestPayment, context)).resolves.toEqual({ errMsg: REQUEST_PAYMENT_OK })
    expect(showModal.mock.calls[0][0].content).toContain('HK$15.50')
    expect(request.mock.calls[0][0].url).toBe('http://127.0.0.1:4010/__sandbox/payments/MP7/approve')
  })

  it('cancels at the sandbox on "Cancel"', async () => {
    showModal.mockResolvedValue({ confirm: false, cancel: true })
    request.mockResolvedValue({ statusCode: 200, data: { ...actionBody, status: 'CANCELLED' } })
    await expect(sandboxWeappBridge.requestPayment(payResponse().requestPayment, context)).resolves.toEqual({ errMsg: REQUEST_PAYMENT_CANCEL })
    expect(request.mock.calls[0][0].url).toBe('http://127.0.0.1:4010/__sandbox/payments/MP7/cancel')
  })
})
