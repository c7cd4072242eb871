/** The order's life across pages, and the shop in Chinese: countdown, refunds, refresh, paging, pictures. */
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { order, product } from '../../test/fixtures'
import { __pullDown, __reachBottom, __setRouterParams } from '../../test/mocks/taro'
import { setLocale } from '../i18n'
import { bridge } from '../bridge'
import * as api from '../services/api'
import { cart, resetCartForTests } from '../services/cart'
import { API_BASE_URL } from '../services/config'
import { ApiError } from '../services/errors'
import CartPage from './cart/index'
import ShopPage from './index/index'
import OrderPage from './order/index'
import OrdersPage from './orders/index'

jest.mock('../services/api')
jest.mock('../bridge', () => ({ bridge: { login: jest.fn(() => Promise.resolve({ code: 'c' })), requestPayment: jest.fn() } }))
const mockedApi = api as jest.Mocked<typeof api>

const refund = (overrides: Record<string, unknown>) => ({
  id: '00000000-0000-4000-8000-0000000000aa',
  paymentId: '00000000-0000-4000-8000-0000000000bb',
  status: 'SUCCEEDED' as const,
  amount: { value: 2500, currency: 'HKD' },
  createdAt: '2026-11-25T11:00:00.000Z',
  ...overrides,
})

beforeEach(() => {
  resetCartForTests()
  mockedApi.listProducts.mockResolvedValue({ items: [] })
})
afterEach(() => {
  jest.useRealTimers()
  delete (process.env as Record<string, string | undefined>).TARO_ENV
})

describe('order detail: the order life', () => {
  it('counts down to expiry on an unpaid order, and reloads when the time is up', async () => {
    jest.useFakeTimers({ now: new Date('2026-11-25T10:28:55.000Z') })
    const unpaid = order({ expiresAt: '2026-11-25T10:30:00.000Z' })
    const closed = { ...unpaid, status: 'CLOSED' as const }
    mockedApi.getOrder.mockResolvedValueOnce(unpaid).mockResolvedValue(closed)
    __setRouterParams({ orderId: unpaid.id })
    render(<OrderPage />)
    expect(await screen.findByText('Pay within 01:05')).toBeTruthy()
    act(() => {
      jest.advanceTimersByTime(5000)
    })
    expect(screen.getByText('Pay within 01:00')).toBeTruthy()
    act(() => {
      jest.advanceTimersByTime(61_000)
    })
    // At zero the page asks the server again; the server has closed the order meanwhile.
    await waitFor(() => expect(screen.getByText('Closed')).toBeTruthy())
    expect(mockedApi.getOrder).toHaveBeenCalledTimes(2)
    expect(screen.queryByText(/Pay within/)).toBeNull()
    expect(screen.queryByText('Pay now')).toBeNull()
  })

  it('says the time has run out on an unpaid order loaded after its expiry, without reloading in a loop', async () => {
    jest.useFakeTimers({ now: new Date('2026-11-25T10:31:00.000Z') })
    const late = order({ expiresAt: '2026-11-25T10:30:00.000Z' })
    mockedApi.getOrder.mockResolvedValue(late)
    __setRouterParams({ orderId: late.id })
    render(<OrderPage />)
    expect(await screen.findByText('The time to pay has run out; this order will be closed.')).toBeTruthy()
    act(() => {
      jest.advanceTimersByTime(5000)
    })
    expect(mockedApi.getOrder).toHaveBeenCalledTimes(1)
  })

  it('shows the refund status and the refunded amount of a refunded order', async () => {
    const refunded = order({
      status: 'PARTIALLY_REFUNDED',
      paymentStatus: 'SUCCEEDED',
      refundedAmount: { value: 2500, currency: 'HKD' },
      refunds: [refund({}), refund({ id: '00000000-0000-4000-8000-0000000000ac', status: 'PENDING', amount: { value: 1000, currency: 'HKD' } })],
    })
    mockedApi.getOrder.mockResolvedValue(refunded)
    __setRouterParams({ orderId: refunded.id })
    const { container } = render(<OrderPage />)
    expect(await screen.findByText('Partially refunded')).toBeTruthy()
    expect(container.querySelector('#order-refunded')?.textContent).toContain('HK$25.00')
    const rows = [...container.querySelectorAll('#order-refunds [data-refund-status]')].map((row) => row.textContent)
    expect(rows).toEqual([expect.stringMatching(/^Refunded.*HK\$25\.00/), expect.stringMatching(/^Refund in progress.*HK\$10\.00/)])
    expect(screen.queryByText(/Pay within/)).toBeNull()
  })

  it('says in Chinese that an order in review is being checked', async () => {
    setLocale('zh-CN')
    const reviewed = order({ inReview: true, paymentStatus: 'SUCCEEDED' })
    mockedApi.getOrder.mockResolvedValue(reviewed)
    __setRouterParams({ orderId: reviewed.id })
    render(<OrderPage />)
    expect(await screen.findByText('您的付款正在核对中。您不会被重复扣款，如有需要我们会联系您。')).toBeTruthy()
    expect(screen.queryByText('立即支付')).toBeNull()
  })

  it('refreshes on pull-down without blanking the page, and stops the pull-down spinner when done', async () => {
    const unpaid = order({ expiresAt: '2999-01-01T00:00:00.000Z' })
    let answer!: (value: typeof unpaid) => void
    mockedApi.getOrder.mockResolvedValueOnce(unpaid).mockImplementationOnce(() => new Promise((resolve) => (answer = resolve)))
    __setRouterParams({ orderId: unpaid.id })
    render(<OrderPage />)
    expect(await screen.findByText('Awaiting payment')).toBeTruthy()
    act(() => __pullDown())
    expect(screen.getByText('Awaiting payment')).toBeTruthy()
    expect(Taro.stopPullDownRefresh).not.toHaveBeenCalled()
    await act(async () => answer({ ...unpaid, status: 'PAID', paidAt: '2026-11-25T10:01:00.000Z' }))
    expect(await screen.findByText('Paid')).toBeTruthy()
    expect(Taro.stopPullDownRefresh).toHaveBeenCalled()
  })

  it('names the lines in the shopper language from the catalog', async () => {
    setLocale('zh-CN')
    const placed = order()
    mockedApi.getOrder.mockResolvedValue(placed)
    mockedApi.listProducts.mockResolvedValue({ items: [product({ id: 'prod_tea', name: '绿茶' })] })
    __setRouterParams({ orderId: placed.id })
    render(<OrderPage />)
    expect(await screen.findByText('绿茶 × 1')).toBeTruthy()
    // Not in today's catalog: the name it was ordered with.
    expect(screen.getByText('Egg tart × 2')).toBeTruthy()
  })
})

describe('My orders: paging and refreshing', () => {
  it('pages through the API cursor on "Load more" and on reaching the bottom, then says that is all', async () => {
    const page1 = [order(), order()]
    const page2 = [order()]
    const page3 = [order()]
    mockedApi.listOrders.mockImplementation(async ({ cursor } = {}) =>
      !cursor ? { items: page1, nextCursor: 'c1' } : cursor === 'c1' ? { items: page2, nextCursor: 'c2' } : { items: page3, nextCursor: null },
    )
    const { container } = render(<OrdersPage />)
    expect(await screen.findByText(page1[0]!.merchantOrderId)).toBeTruthy()
    expect(screen.queryByText(page2[0]!.merchantOrderId)).toBeNull()
    fireEvent.click(screen.getByText('Load more'))
    expect(await screen.findByText(page2[0]!.merchantOrderId)).toBeTruthy()
    expect(mockedApi.listOrders).toHaveBeenLastCalledWith({ cursor: 'c1' })
    act(() => __reachBottom())
    expect(await screen.findByText(page3[0]!.merchantOrderId)).toBeTruthy()
    expect(mockedApi.listOrders).toHaveBeenLastCalledWith({ cursor: 'c2' })
    expect(screen.getByText('That is all your orders.')).toBeTruthy()
    expect(screen.queryByText('Load more')).toBeNull()
    expect(container.querySelectorAll('.order-row')).toHaveLength(4)
  })

  it('shows the refunded amount of a refunded order in the list', async () => {
    setLocale('zh-CN')
    const refunded = order({ status: 'REFUNDED', paymentStatus: 'SUCCEEDED', refundedAmount: { value: 7500, currency: 'HKD' } })
    mockedApi.listOrders.mockResolvedValue({ items: [refunded], nextCursor: null })
    render(<OrdersPage />)
    expect(await screen.findByText('已退款 HK$75.00')).toBeTruthy()
    expect(screen.getByText('已退款', { selector: '.badge' })).toBeTruthy()
  })

  it('keeps the list when loading more fails, and says why', async () => {
    const first = order()
    mockedApi.listOrders.mockResolvedValueOnce({ items: [first], nextCursor: 'c1' }).mockRejectedValueOnce(new ApiError(503, 'UNAVAILABLE', 'x'))
    render(<OrdersPage />)
    fireEvent.click(await screen.findByText('Load more'))
    expect(await screen.findByText('The service is having trouble. Please try again.')).toBeTruthy()
    expect(screen.getByText(first.merchantOrderId)).toBeTruthy()
  })

  it('in the browser, a refresh button reloads the first page', async () => {
    process.env.TARO_ENV = 'h5'
    const older = order()
    const newer = order()
    mockedApi.listOrders.mockResolvedValueOnce({ items: [older], nextCursor: null }).mockResolvedValueOnce({ items: [newer, older], nextCursor: null })
    const { container } = render(<OrdersPage />)
    expect(await screen.findByText(older.merchantOrderId)).toBeTruthy()
    fireEvent.click(container.querySelector('#refresh-orders')!)
    expect(await screen.findByText(newer.merchantOrderId)).toBeTruthy()
    expect(Taro.stopPullDownRefresh).toHaveBeenCalled()
  })

  it('shows no refresh button in WeChat, where pulling down refreshes', async () => {
    process.env.TARO_ENV = 'weapp'
    mockedApi.listOrders.mockResolvedValue({ items: [order()], nextCursor: null })
    const { container } = render(<OrdersPage />)
    await screen.findByText('Awaiting payment')
    expect(container.querySelector('#refresh-orders')).toBeNull()
  })
})

describe('the shop in Chinese, with pictures', () => {
  it('shows the catalog in Simplified Chinese with the pictures the API serves, and signs in while the shopper browses', async () => {
    setLocale('zh-CN')
    mockedApi.listProducts.mockResolvedValue({
      items: [
        product({ id: 'tea', name: '铁观音乌龙茶', imageUrl: '/catalog/images/tea.svg?v=1', price: { value: 6800, currency: 'CNY' } }),
        product({ id: 'x', imageUrl: null }),
      ],
    })
    const { container } = render(<ShopPage />)
    expect(screen.getByText('正在加载商品…')).toBeTruthy()
    expect(await screen.findByText('铁观音乌龙茶')).toBeTruthy()
    expect(screen.getByText('¥68.00')).toBeTruthy()
    const image = container.querySelector('#product-tea img') as HTMLImageElement
    expect(image.getAttribute('src')).toBe(`${API_BASE_URL}/catalog/images/tea.svg?v=1`)
    expect(container.querySelector('#product-x img')).toBeNull()
    fireEvent.click(container.querySelector('#add-tea')!)
    expect(screen.getByText('1 件商品', { exact: false })).toBeTruthy()
    expect(screen.getByText('去结算')).toBeTruthy()
    expect(Taro.setNavigationBarTitle).toHaveBeenCalledWith({ title: '商店' })
    expect(Taro.setTabBarItem).toHaveBeenCalledWith({ index: 1, text: '我的订单' })
    // wx.login already happened, so paying does not wait for it.
    expect(bridge.login).toHaveBeenCalled()
  })

  it('shows the picture beside each cart line', () => {
    setLocale('zh-TW')
    cart.add({ id: 'tea', name: '鐵觀音烏龍茶', price: { value: 6800, currency: 'TWD' }, imageUrl: 'https://cdn.example/tea.png' })
    const { container } = render(<CartPage />)
    expect(container.querySelector('#line-tea img')?.getAttribute('src')).toBe('https://cdn.example/tea.png')
    expect(screen.getAllByText('NT$68.00')).toHaveLength(2)
    expect(screen.getByText('合計（1 件）')).toBeTruthy()
    expect(screen.getByText('微信支付')).toBeTruthy()
  })
})
