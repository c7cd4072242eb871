import { REQUEST_PAYMENT_CANCEL, REQUEST_PAYMENT_OK } from '@minipay/contracts'
import { order, payResponse } from '../../test/fixtures'
import { bridge } from '../bridge'
import * as api from './api'
import { ApiError, NetworkError } from './errors'
import { isPayable, payOrder, pollOrder, pollSettings, verdictOf } from './pay'

jest.mock('../bridge', () => ({ bridge: { login: jest.fn(), requestPayment: jest.fn() } }))
jest.mock('./api')
const mockedApi = api as jest.Mocked<typeof api>
const requestPayment = bridge.requestPayment as jest.Mock

beforeEach(() => {
  pollSettings.intervalMs = 5
  pollSettings.timeoutMs = 200
})

describe('verdictOf', () => {
  it.each([
    [order({ status: 'PAID', paymentStatus: 'SUCCEEDED' }), 'paid'],
    [order({ status: 'REFUNDED', paymentStatus: 'SUCCEEDED' }), 'paid'],
    [order({ status: 'CLOSED', paymentStatus: 'CANCELLED' }), 'closed'],
    [order({ paymentStatus: 'CANCELLED' }), 'cancelled'],
    [order({ paymentStatus: 'FAILED' }), 'failed'],
    [order({ paymentStatus: 'PENDING' }), 'confirming'],
    [order({ paymentStatus: null }), 'unpaid'],
    [order({ paymentStatus: 'SUCCEEDED', inReview: true }), 'review'],
    [order({ status: 'PAID', paymentStatus: 'SUCCEEDED', inReview: true }), 'paid'],
  ])('maps the server order to what the shopper is told (%#)', (o, verdict) => {
    expect(verdictOf(o)).toBe(verdict)
  })
})

describe('payOrder', () => {
  it('passes the server parameters to the pay sheet untouched, reports its errMsg and returns the server verdict', async () => {
    const pending = order()
    const pay = payResponse()
    const paid = { ...pending, status: 'PAID' as const }
    mockedApi.startPayment.mockResolvedValue(pay)
    requestPayment.mockResolvedValue({ errMsg: REQUEST_PAYMENT_OK })
    mockedApi.reportPaymentResult.mockResolvedValue(paid)

    await expect(payOrder(pending)).resolves.toEqual({ order: paid, errMsg: REQUEST_PAYMENT_OK })
    expect(requestPayment).toHaveBeenCalledWith(pay.requestPayment, {
      merchantOrderId: pending.merchantOrderId,
      amount: pending.amount,
      merchantName: expect.any(String),
    })
    expect(mockedApi.reportPaymentResult).toHaveBeenCalledWith(pending.id, { errMsg: REQUEST_PAYMENT_OK })
  })

  it('reports a cancelled sheet too, and trusts the server rather than the sheet', async () => {
    const pending = order()
    mockedApi.startPayment.mockResolvedValue(payResponse())
    requestPayment.mockResolvedValue({ errMsg: REQUEST_PAYMENT_CANCEL })
    // The provider says it went through after all (the sheet said cancel).
    mockedApi.reportPaymentResult.mockResolvedValue({ ...pending, status: 'PAID' })
    const outcome = await payOrder(pending)
    expect(mockedApi.reportPaymentResult).toHaveBeenCalledWith(pending.id, { errMsg: REQUEST_PAYMENT_CANCEL })
    expect(verdictOf(outcome.order)).toBe('paid')
  })

  it('treats 409 ORDER_ALREADY_PAID as "paid", without opening the sheet', async () => {
    const pending = order()
    const paid = { ...pending, status: 'PAID' as const }
    mockedApi.startPayment.mockRejectedValue(new ApiError(409, 'ORDER_ALREADY_PAID', 'paid'))
    mockedApi.getOrder.mockResolvedValue(paid)
    await expect(payOrder(pending)).resolves.toMatchObject({ order: paid })
    expect(requestPayment).not.toHaveBeenCalled()
  })

  it('treats 409 ORDER_IN_REVIEW as "being checked", without opening the sheet', async () => {
    const pending = order()
    const inReview = { ...pending, inReview: true }
    mockedApi.startPayment.mockRejectedValue(new ApiError(409, 'ORDER_IN_REVIEW', 'in review'))
    mockedApi.getOrder.mockResolvedValue(inReview)
    const outcome = await payOrder(pending)
    expect(verdictOf(outcome.order)).toBe('review')
    expect(requestPayment).not.toHaveBeenCalled()
  })

  it('offers no payment for an order in review', () => {
    expect(isPayable(order({ inReview: true }))).toBe(false)
    expect(isPayable(order())).toBe(true)
  })

  it('passes other start failures to the caller (409 ORDER_CLOSED)', async () => {
    mockedApi.startPayment.mockRejectedValue(new ApiError(409, 'ORDER_CLOSED', 'closed'))
    await expect(payOrder(order())).rejects.toMatchObject({ code: 'ORDER_CLOSED' })
    expect(requestPayment).not.toHaveBeenCalled()
  })

  it('falls back to reading the order when the result report is lost', async () => {
    const pending = order()
    const confirming = {
      ...pending,
      latestPayment: { id: '00000000-0000-4000-8000-0000000000aa', provider: 'intents' as const, status: 'PENDING' as const, createdAt: pending.createdAt },
    }
    mockedApi.startPayment.mockResolvedValue(payResponse())
    requestPayment.mockResolvedValue({ errMsg: REQUEST_PAYMENT_OK })
    mockedApi.reportPaymentResult.mockRejectedValue(new NetworkError('offline'))
    mockedApi.getOrder.mockResolvedValue(confirming)
    await expect(payOrder(pending)).resolves.toEqual({ order: confirming, errMsg: REQUEST_PAYMENT_OK })
  })
})

describe('pollOrder', () => {
  it('polls until the server reaches a final verdict', async () => {
    const pending = order({ paymentStatus: 'PENDING' })
    const paid = { ...pending, status: 'PAID' as const }
    mockedApi.getOrder.mockResolvedValueOnce(pending).mockResolvedValueOnce(pending).mockResolvedValueOnce(paid)
    const updates: string[] = []
    const result = await pollOrder(pending, { onUpdate: (o) => updates.push(o.status) })
    expect(result).toEqual({ order: paid, verdict: 'paid', timedOut: false })
    expect(updates).toEqual(['PENDING_PAYMENT', 'PENDING_PAYMENT', 'PAID'])
  })

  it('stops with timedOut when the provider never decides', async () => {
    pollSettings.timeoutMs = 30
    const pending = order({ paymentStatus: 'PENDING' })
    mockedApi.getOrder.mockResolvedValue(pending)
    await expect(pollOrder(pending)).resolves.toMatchObject({ verdict: 'confirming', timedOut: true })
  })

  it('rides out network errors and 5xx while polling', async () => {
    const pending = order({ paymentStatus: 'PENDING' })
    mockedApi.getOrder
      .mockRejectedValueOnce(new NetworkError('offline'))
      .mockRejectedValueOnce(new ApiError(503, 'PROVIDER_UNAVAILABLE', 'busy'))
      .mockResolvedValueOnce({ ...pending, status: 'PAID' })
    await expect(pollOrder(pending)).resolves.toMatchObject({ verdict: 'paid' })
  })

  it('stops on a client error such as 404', async () => {
    const pending = order({ paymentStatus: 'PENDING' })
    mockedApi.getOrder.mockRejectedValue(new ApiError(404, 'ORDER_NOT_FOUND', 'gone'))
    await expect(pollOrder(pending)).rejects.toMatchObject({ code: 'ORDER_NOT_FOUND' })
  })

  it('does not poll an order that is already final', async () => {
    const paid = order({ status: 'PAID', paymentStatus: 'SUCCEEDED' })
    await expect(pollOrder(paid)).resolves.toMatchObject({ verdict: 'paid' })
    expect(mockedApi.getOrder).not.toHaveBeenCalled()
  })
})
