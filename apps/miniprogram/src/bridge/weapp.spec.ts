import { REQUEST_PAYMENT_CANCEL } from '@minipay/contracts'
import Taro from '@tarojs/taro'
import { payResponse } from '../../test/fixtures'
import { BridgeError } from '../services/errors'
import { weappBridge } from './weapp'

const login = Taro.login as unknown as jest.Mock
const requestPayment = Taro.requestPayment as unknown as jest.Mock
const context = { merchantOrderId: 'MP1', amount: { value: 1, currency: 'CNY' }, merchantName: 'x' }

describe('weappBridge', () => {
  it('returns the wx.login code', async () => {
    login.mockResolvedValue({ code: 'wx-code', errMsg: 'login:ok' })
    await expect(weappBridge.login()).resolves.toEqual({ code: 'wx-code' })
  })

  it('fails when wx.login gives no code', async () => {
    login.mockResolvedValue({ code: '', errMsg: 'login:fail' })
    await expect(weappBridge.login()).rejects.toBeInstanceOf(BridgeError)
  })

  it('passes the parameters to wx.requestPayment untouched and resolves with its errMsg', async () => {
    const { requestPayment: params } = payResponse()
    requestPayment.mockResolvedValue({ errMsg: 'requestPayment:ok' })
    await expect(weappBridge.requestPayment(params, context)).resolves.toEqual({ errMsg: 'requestPayment:ok' })
    expect(requestPayment).toHaveBeenCalledWith(params)
  })

  it('turns a rejection (cancel or failure) into its errMsg instead of throwing', async () => {
    requestPayment.mockRejectedValue({ errMsg: REQUEST_PAYMENT_CANCEL })
    await expect(weappBridge.requestPayment(payResponse().requestPayment, context)).resolves.toEqual({ errMsg: REQUEST_PAYMENT_CANCEL })
  })
})
