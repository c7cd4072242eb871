import { REQUEST_PAYMENT_CANCEL, REQUEST_PAYMENT_OK } from '@minipay/contracts'
import { fireEvent, screen, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { payResponse } from '../../test/fixtures'
import { SHEET_ID, h5Bridge } from './h5'

const request = Taro.request as unknown as jest.Mock

beforeEach(() => {
  document.body.innerHTML = ''
})

const context = { merchantOrderId: 'MP0000000042', amount: { value: 7500, currency: 'HKD' }, merchantName: 'minipay demo store' }
const actionBody = { provider: 'intents', merchantOrderId: 'MP0000000042', providerReference: 'MP0000000042-1', status: 'SUCCEEDED' }
const urls = () => request.mock.calls.map(([options]) => `${options.method} ${options.url}`)

describe('h5Bridge (simulated WeChat in the browser)', () => {
  it('logs in with a code minted by the sandbox', async () => {
    request.mockResolvedValue({ statusCode: 200, data: { code: 'sandbox-code', openid: 'o1', expiresIn: 300 } })
    await expect(h5Bridge.login()).resolves.toEqual({ code: 'sandbox-code' })
    expect(urls()).toEqual(['POST http://127.0.0.1:4010/__sandbox/wechat/codes'])
  })

  it('fails login clearly when the sandbox is down', async () => {
    request.mockRejectedValue({ errMsg: 'Failed to fetch' })
    await expect(h5Bridge.login()).rejects.toThrow(/sandbox .* unreachable/)
  })

  it('shows a sheet with amount, merchant and order, and "Pay" approves at the sandbox', async () => {
    request.mockResolvedValue({ statusCode: 200, data: actionBody })
    const result = h5Bridge.requestPayment(payResponse().requestPayment, context)
    expect(screen.getByText('HK$75.00')).toBeTruthy()
    expect(screen.getByText('minipay demo store')).toBeTruthy()
    expect(screen.getByText('Order MP0000000042')).toBeTruthy()
    fireEvent.click(screen.getByText('Pay'))
    await expect(result).resolves.toEqual({ errMsg: REQUEST_PAYMENT_OK })
    expect(urls()).toEqual(['POST http://127.0.0.1:4010/__sandbox/payments/MP0000000042/approve'])
    expect(document.getElementById(SHEET_ID)).toBeNull()
  })

  it('"Cancel" cancels at the sandbox and reports WeChat\'s cancel errMsg', async () => {
    request.mockResolvedValue({ statusCode: 200, data: { ...actionBody, status: 'CANCELLED' } })
    const result = h5Bridge.requestPayment(payResponse().requestPayment, context)
    fireEvent.click(screen.getByText('Cancel'))
    await expect(result).resolves.toEqual({ errMsg: REQUEST_PAYMENT_CANCEL })
    expect(urls()).toEqual(['POST http://127.0.0.1:4010/__sandbox/payments/MP0000000042/cancel'])
  })

  it('reports a sandbox failure as requestPayment:fail with the detail', async () => {
    request.mockResolvedValue({ statusCode: 404, data: { error: { code: 'PAYMENT_NOT_FOUND', message: 'no attempt' } } })
    const result = h5Bridge.requestPayment(payResponse().requestPayment, context)
    fireEvent.click(screen.getByText('Pay'))
    const { errMsg } = await result
    expect(errMsg).toMatch(/^requestPayment:fail .*404.*no attempt/)
    await waitFor(() => expect(document.getElementById(SHEET_ID)).toBeNull())
  })
})
