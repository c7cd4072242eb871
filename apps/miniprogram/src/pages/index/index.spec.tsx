import { fireEvent, render, screen } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { product } from '../../../test/fixtures'
import * as api from '../../services/api'
import { resetCartForTests } from '../../services/cart'
import { ApiError, NetworkError } from '../../services/errors'
import ShopPage from './index'

jest.mock('../../services/api')
jest.mock('../../bridge', () => ({ bridge: { login: jest.fn(), requestPayment: jest.fn() } }))
const mockedApi = api as jest.Mocked<typeof api>

beforeEach(() => resetCartForTests())

describe('Shop page', () => {
  it('shows a loading state, then products with prices formatted from minor units', async () => {
    mockedApi.listProducts.mockResolvedValue({
      items: [product({ name: 'Green tea', price: { value: 2500, currency: 'HKD' } }), product({ name: 'Mochi', price: { value: 300, currency: 'JPY' } })],
    })
    render(<ShopPage />)
    expect(screen.getByText('Loading products…')).toBeTruthy()
    expect(await screen.findByText('Green tea')).toBeTruthy()
    expect(screen.getByText('HK$25.00')).toBeTruthy()
    expect(screen.getByText('JP¥300')).toBeTruthy()
  })

  it('shows an empty state', async () => {
    mockedApi.listProducts.mockResolvedValue({ items: [] })
    render(<ShopPage />)
    expect(await screen.findByText('No products yet')).toBeTruthy()
  })

  it('offers a retry when the network is down, and recovers', async () => {
    mockedApi.listProducts.mockRejectedValueOnce(new NetworkError('offline')).mockResolvedValueOnce({ items: [product({ name: 'Green tea' })] })
    render(<ShopPage />)
    expect(await screen.findByText('No connection')).toBeTruthy()
    fireEvent.click(screen.getByText('Try again'))
    expect(await screen.findByText('Green tea')).toBeTruthy()
  })

  it('offers a retry on a server error', async () => {
    mockedApi.listProducts.mockRejectedValue(new ApiError(503, 'INTERNAL_ERROR', 'down'))
    render(<ShopPage />)
    expect(await screen.findByText('Something went wrong')).toBeTruthy()
    expect(screen.getByText('Try again')).toBeTruthy()
  })

  it('adds products to the cart, shows the running total and goes to checkout', async () => {
    mockedApi.listProducts.mockResolvedValue({
      items: [
        product({ id: 'tea', name: 'Green tea', price: { value: 2500, currency: 'HKD' } }),
        product({ id: 'tart', name: 'Egg tart', price: { value: 1200, currency: 'HKD' } }),
      ],
    })
    render(<ShopPage />)
    fireEvent.click(await screen.findByLabelText('Add Green tea'))
    fireEvent.click(screen.getByLabelText('Add Egg tart'))
    fireEvent.click(screen.getByLabelText('Increase Egg tart'))
    expect(screen.getByText('HK$49.00')).toBeTruthy()
    fireEvent.click(screen.getByText('Checkout'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/cart/index' })
  })
})
