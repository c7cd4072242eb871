import { fireEvent, render, screen } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { order } from '../../../test/fixtures'
import * as api from '../../services/api'
import { ApiError } from '../../services/errors'
import OrdersPage from './index'

jest.mock('../../services/api')
jest.mock('../../bridge', () => ({ bridge: { login: jest.fn(), requestPayment: jest.fn() } }))
const mockedApi = api as jest.Mocked<typeof api>

describe('My orders page', () => {
  it('lists orders with their status and opens one', async () => {
    const paid = order({ status: 'PAID', paymentStatus: 'SUCCEEDED' })
    const pending = order({ paymentStatus: 'CANCELLED' })
    mockedApi.listOrders.mockResolvedValue({ items: [paid, pending], nextCursor: null })
    render(<OrdersPage />)
    expect(screen.getByText('Loading your orders…')).toBeTruthy()
    expect(await screen.findByText(paid.merchantOrderId)).toBeTruthy()
    expect(screen.getByText('Paid')).toBeTruthy()
    expect(screen.getByText('Awaiting payment')).toBeTruthy()
    fireEvent.click(screen.getByText(pending.merchantOrderId))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: `/pages/order/index?orderId=${pending.id}` })
  })

  it('shows an empty state', async () => {
    mockedApi.listOrders.mockResolvedValue({ items: [], nextCursor: null })
    render(<OrdersPage />)
    expect(await screen.findByText('No orders yet')).toBeTruthy()
  })

  it('offers a retry on 5xx', async () => {
    mockedApi.listOrders.mockRejectedValueOnce(new ApiError(500, 'INTERNAL_ERROR', 'x')).mockResolvedValue({ items: [], nextCursor: null })
    render(<OrdersPage />)
    fireEvent.click(await screen.findByText('Try again'))
    expect(await screen.findByText('No orders yet')).toBeTruthy()
  })
})
