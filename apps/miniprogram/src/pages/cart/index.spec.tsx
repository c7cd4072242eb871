import { REQUEST_PAYMENT_OK } from '@minipay/contracts'
import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { order, product } from '../../../test/fixtures'
import { bridge } from '../../bridge'
import * as api from '../../services/api'
import { cart, resetCartForTests } from '../../services/cart'
import { ApiError, NetworkError } from '../../services/errors'
import CartPage from './index'

jest.mock('../../services/api')
jest.mock('../../bridge', () => ({ bridge: { login: jest.fn(), requestPayment: jest.fn() } }))
const mockedApi = api as jest.Mocked<typeof api>
const requestPayment = bridge.requestPayment as jest.Mock

beforeEach(() => {
  resetCartForTests()
  cart.add(product({ id: 'tea', name: 'Green tea', price: { value: 2500, currency: 'HKD' } }))
  cart.add(product({ id: 'tart', name: 'Egg tart', price: { value: 2500, currency: 'HKD' } }), 2)
})

describe('Checkout page', () => {
  it('shows the lines, quantities and total', () => {
    render(<CartPage />)
    expect(screen.getByText('Green tea')).toBeTruthy()
    expect(screen.getByText('Total (3 items)')).toBeTruthy()
    expect(screen.getByText('HK$75.00')).toBeTruthy()
    fireEvent.click(screen.getByLabelText('Decrease Egg tart'))
    expect(screen.getByText('HK$50.00')).toBeTruthy()
  })

  it('shows an empty state when the cart is empty', () => {
    cart.clear()
    render(<CartPage />)
    expect(screen.getByText('Your cart is empty')).toBeTruthy()
  })

  it('creates the order with the cart key, pays it and opens the result page', async () => {
    const created = order()
    const key = cart.getSnapshot().checkoutKey
    mockedApi.createOrder.mockResolvedValue(created)
    mockedApi.startPayment.mockResolvedValue({
      paymentId: '00000000-0000-4000-8000-00000000ffff',
      provider: 'intents',
      requestPayment: { timeStamp: '1', nonceStr: 'n', package: 'prepay_id=1', signType: 'RSA', paySign: 's' },
    })
    requestPayment.mockResolvedValue({ errMsg: REQUEST_PAYMENT_OK })
    mockedApi.reportPaymentResult.mockResolvedValue({ ...created, status: 'PAID' })

    render(<CartPage />)
    fireEvent.click(screen.getByText('Pay with WeChat Pay'))
    await waitFor(() => expect(Taro.redirectTo).toHaveBeenCalledWith({ url: `/pages/result/index?orderId=${created.id}&errMsg=requestPayment%3Aok` }))
    expect(mockedApi.createOrder).toHaveBeenCalledWith(
      {
        items: [
          { productId: 'tea', quantity: 1 },
          { productId: 'tart', quantity: 2 },
        ],
      },
      key,
    )
    expect(cart.getSnapshot().lines).toEqual([])
  })

  it('keeps the cart and offers a retry when the order cannot be created', async () => {
    mockedApi.createOrder.mockRejectedValue(new NetworkError('offline'))
    render(<CartPage />)
    fireEvent.click(screen.getByText('Pay with WeChat Pay'))
    expect(await screen.findByText('No connection')).toBeTruthy()
    expect(screen.getByText('Try again')).toBeTruthy()
    expect(cart.getSnapshot().lines).toHaveLength(2)
  })

  it('explains a business error without a retry', async () => {
    mockedApi.createOrder.mockRejectedValue(new ApiError(422, 'PRODUCT_UNAVAILABLE', 'gone'))
    render(<CartPage />)
    fireEvent.click(screen.getByText('Pay with WeChat Pay'))
    expect(await screen.findByText('Product unavailable')).toBeTruthy()
    expect(screen.queryByText('Try again')).toBeNull()
  })

  it('sends the shopper to the order when it exists but paying failed', async () => {
    const created = order()
    mockedApi.createOrder.mockResolvedValue(created)
    mockedApi.startPayment.mockRejectedValue(new ApiError(503, 'PROVIDER_UNAVAILABLE', 'down'))
    render(<CartPage />)
    fireEvent.click(screen.getByText('Pay with WeChat Pay'))
    await waitFor(() => expect(Taro.redirectTo).toHaveBeenCalledWith({ url: `/pages/result/index?orderId=${created.id}` }))
  })
})
