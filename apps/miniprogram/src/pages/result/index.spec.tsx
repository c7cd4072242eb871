import { REQUEST_PAYMENT_CANCEL, REQUEST_PAYMENT_OK } from '@minipay/contracts'
import { fireEvent, render, screen } from '@testing-library/react'
import { order, payResponse } from '../../../test/fixtures'
import { __setRouterParams } from '../../../test/mocks/taro'
import { bridge } from '../../bridge'
import * as api from '../../services/api'
import { ApiError, NetworkError } from '../../services/errors'
import { pollSettings } from '../../services/pay'
import ResultPage from './index'

jest.mock('../../services/api')
jest.mock('../../bridge', () => ({ bridge: { login: jest.fn(), requestPayment: jest.fn() } }))
const mockedApi = api as jest.Mocked<typeof api>
const requestPayment = bridge.requestPayment as jest.Mock

beforeEach(() => {
  pollSettings.intervalMs = 5
  pollSettings.timeoutMs = 300
})

function open(o: { id: string }, errMsg?: string) {
  __setRouterParams(errMsg ? { orderId: o.id, errMsg: encodeURIComponent(errMsg) } : { orderId: o.id })
  render(<ResultPage />)
}

describe('Result page', () => {
  it('shows "Paid" when the server says so', async () => {
    const paid = order({ status: 'PAID', paymentStatus: 'SUCCEEDED' })
    mockedApi.getOrder.mockResolvedValue(paid)
    open(paid, REQUEST_PAYMENT_OK)
    expect(screen.getByText('Checking your payment…')).toBeTruthy()
    expect(await screen.findByText('Paid')).toBeTruthy()
    expect(screen.getByText('HK$75.00')).toBeTruthy()
    expect(screen.queryByText('Pay again')).toBeNull()
  })

  it('shows a spinner while the provider confirms, and polls until paid', async () => {
    const pending = order({ paymentStatus: 'PENDING' })
    mockedApi.getOrder
      .mockResolvedValueOnce(pending)
      .mockResolvedValueOnce(pending)
      .mockResolvedValue({ ...pending, status: 'PAID' })
    open(pending, REQUEST_PAYMENT_OK)
    expect(await screen.findByText('Confirming your payment…')).toBeTruthy()
    expect(await screen.findByText('Paid')).toBeTruthy()
    expect(mockedApi.getOrder.mock.calls.length).toBeGreaterThanOrEqual(3)
  })

  it('says clearly when confirmation takes too long, and can check again', async () => {
    pollSettings.timeoutMs = 20
    const pending = order({ paymentStatus: 'PENDING' })
    mockedApi.getOrder.mockResolvedValue(pending)
    open(pending, REQUEST_PAYMENT_OK)
    expect(await screen.findByText('Still confirming')).toBeTruthy()
    mockedApi.getOrder.mockResolvedValue({ ...pending, status: 'PAID' })
    fireEvent.click(screen.getByText('Check again'))
    expect(await screen.findByText('Paid')).toBeTruthy()
  })

  it('shows a cancelled payment with a way to pay again', async () => {
    const cancelled = order({ paymentStatus: 'CANCELLED' })
    mockedApi.getOrder.mockResolvedValue(cancelled)
    open(cancelled, REQUEST_PAYMENT_CANCEL)
    expect(await screen.findByText('Payment cancelled')).toBeTruthy()

    mockedApi.startPayment.mockResolvedValue(payResponse())
    requestPayment.mockResolvedValue({ errMsg: REQUEST_PAYMENT_OK })
    mockedApi.reportPaymentResult.mockResolvedValue({ ...cancelled, status: 'PAID' })
    fireEvent.click(screen.getByText('Pay again'))
    expect(await screen.findByText('Paid')).toBeTruthy()
  })

  it('does not wait for a provider verdict after the shopper closed the sheet', async () => {
    const pending = order({ paymentStatus: 'PENDING' })
    mockedApi.getOrder.mockResolvedValue(pending)
    open(pending, REQUEST_PAYMENT_CANCEL)
    expect(await screen.findByText('Not paid yet')).toBeTruthy()
    expect(mockedApi.getOrder).toHaveBeenCalledTimes(1)
  })

  it('answers 409 already paid on "Pay again" with "Paid"', async () => {
    const cancelled = order({ paymentStatus: 'CANCELLED' })
    mockedApi.getOrder.mockResolvedValueOnce(cancelled).mockResolvedValue({ ...cancelled, status: 'PAID' })
    mockedApi.startPayment.mockRejectedValue(new ApiError(409, 'ORDER_ALREADY_PAID', 'paid'))
    open(cancelled)
    fireEvent.click(await screen.findByText('Pay again'))
    expect(await screen.findByText('Paid')).toBeTruthy()
    expect(requestPayment).not.toHaveBeenCalled()
  })

  it('explains an order closed in the meantime', async () => {
    const cancelled = order({ paymentStatus: 'CANCELLED' })
    mockedApi.getOrder.mockResolvedValue(cancelled)
    mockedApi.startPayment.mockRejectedValue(new ApiError(409, 'ORDER_CLOSED', 'closed'))
    open(cancelled)
    fireEvent.click(await screen.findByText('Pay again'))
    expect(await screen.findByText('This order was closed and can no longer be paid.')).toBeTruthy()
  })

  it('offers a retry when the order cannot be loaded', async () => {
    const paid = order({ status: 'PAID', paymentStatus: 'SUCCEEDED' })
    mockedApi.getOrder.mockRejectedValueOnce(new NetworkError('offline')).mockResolvedValue(paid)
    open(paid)
    fireEvent.click(await screen.findByText('Try again'))
    expect(await screen.findByText('Paid')).toBeTruthy()
  })
})
