/**
 * A stand-in for @tarojs/taro in jest: the APIs the app calls, as jest mocks, plus synchronous storage and the
 * page hooks mapped onto React effects.
 */
import { useEffect } from 'react'

const storage = new Map<string, unknown>()
let routerParams: Record<string, string> = {}

const Taro = {
  request: jest.fn(),
  login: jest.fn(),
  requestPayment: jest.fn(),
  getStorageSync: jest.fn((key: string) => (storage.has(key) ? storage.get(key) : '')),
  setStorageSync: jest.fn((key: string, value: unknown) => {
    storage.set(key, JSON.parse(JSON.stringify(value)))
  }),
  removeStorageSync: jest.fn((key: string) => {
    storage.delete(key)
  }),
  navigateTo: jest.fn(() => Promise.resolve()),
  redirectTo: jest.fn(() => Promise.resolve()),
  switchTab: jest.fn(() => Promise.resolve()),
  navigateBack: jest.fn(() => Promise.resolve()),
  showToast: jest.fn(() => Promise.resolve()),
  showModal: jest.fn(() => Promise.resolve({ confirm: false, cancel: true })),
  stopPullDownRefresh: jest.fn(),
  setNavigationBarTitle: jest.fn(() => Promise.resolve()),
  setTabBarItem: jest.fn(() => Promise.resolve()),
  getAppBaseInfo: jest.fn((): { language?: string } => ({})),
  getSystemInfoSync: jest.fn((): { language?: string } => ({})),
}

export function useRouter() {
  return { params: routerParams, path: '' }
}

export function useDidShow(callback: () => void) {
  useEffect(() => {
    callback()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])
}

export function useLoad(callback: (params: Record<string, string>) => void) {
  useEffect(() => {
    callback(routerParams)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])
}

let pullDownRefresh: (() => void) | null = null
let reachBottom: (() => void) | null = null

export function usePullDownRefresh(callback: () => void) {
  pullDownRefresh = callback
}

export function useReachBottom(callback: () => void) {
  reachBottom = callback
}

/** What WeChat does when the shopper pulls the page down / scrolls to its bottom. */
export function __pullDown() {
  pullDownRefresh?.()
}
export function __reachBottom() {
  reachBottom?.()
}

export function __setRouterParams(params: Record<string, string>) {
  routerParams = params
}

export function __storage() {
  return storage
}

export function __resetTaro() {
  storage.clear()
  routerParams = {}
  pullDownRefresh = null
  reachBottom = null
  for (const fn of Object.values(Taro)) fn.mockClear()
  Taro.request.mockReset()
  Taro.login.mockReset()
  Taro.requestPayment.mockReset()
}

export default Taro
