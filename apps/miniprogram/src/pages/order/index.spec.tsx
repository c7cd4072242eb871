import { REQUEST_PAYMENT_OK } from '@minipay/contracts'
import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { order, payResponse } from '../../../test/fixtures'
import { __setRouterParams } from '../../../test/mocks/taro'
import { bridge } from '../../bridge'
import * as api from '../../services/api'
import { ApiError } from '../../services/errors'
import OrderPage from './index'

jest.mock('../../services/api')
jest.mock('../../bridge', () => ({ bridge: { login: jest.fn(), requestPayment: jest.fn() } }))
const mockedApi = api as jest.Mocked<typeof api>
const requestPayment = bridge.requestPayment as jest.Mock

describe('Order detail page', () => {
  it('resumes payment of an unpaid order and opens the result page', async () => {
    const unpaid = order({ paymentStatus: 'CANCELLED' })
    mockedApi.getOrder.mockResolvedValue(unpaid)
    mockedApi.startPayment.mockResolvedValue(payResponse())
    requestPayment.mockResolvedValue({ errMsg: REQUEST_PAYMENT_OK })
    mockedApi.reportPaymentResult.mockResolvedValue({ ...unpaid, status: 'PAID' })
    __setRouterParams({ orderId: unpaid.id })
    render(<OrderPage />)
    expect(await screen.findByText(unpaid.merchantOrderId)).toBeTruthy()
    expect(screen.getByText('Awaiting payment')).toBeTruthy()
    expect(screen.getByText('Cancelled')).toBeTruthy()
    fireEvent.click(screen.getByText('Pay now'))
    await waitFor(() => expect(Taro.redirectTo).toHaveBeenCalledWith({ url: `/pages/result/index?orderId=${unpaid.id}&errMsg=requestPayment%3Aok` }))
  })

  it('shows a paid order without a pay button', async () => {
    const paid = order({ status: 'PAID', paymentStatus: 'SUCCEEDED' })
    mockedApi.getOrder.mockResolvedValue(paid)
    __setRouterParams({ orderId: paid.id })
    render(<OrderPage />)
    expect(await screen.findByText('Paid')).toBeTruthy()
    expect(screen.queryByText('Pay now')).toBeNull()
  })

  it('says an order in review is being checked and offers no payment', async () => {
    const inReview = order({ paymentStatus: 'SUCCEEDED', inReview: true })
    mockedApi.getOrder.mockResolvedValue(inReview)
    __setRouterParams({ orderId: inReview.id })
    render(<OrderPage />)
    expect(await screen.findByText(/We are checking a payment for this order/)).toBeTruthy()
    expect(screen.queryByText('Pay now')).toBeNull()
  })

  it('says when the order does not exist, without a pointless retry', async () => {
    mockedApi.getOrder.mockRejectedValue(new ApiError(404, 'ORDER_NOT_FOUND', 'nope'))
    __setRouterParams({ orderId: '00000000-0000-4000-8000-000000000000' })
    render(<OrderPage />)
    expect(await screen.findByText('Order not found')).toBeTruthy()
    expect(screen.queryByText('Try again')).toBeNull()
  })
})
