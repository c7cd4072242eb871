// Runs the BUILT weapp bundle (dist/weapp, not the source) in Node, the way WeChat's runtime would: stub
// `wx`, `App`, `Page`, `Component`, `getApp`, `getCurrentPages` globals, then require app.js and the page files
// exactly as emitted. A fake API answers wx.request. It drives a purchase by tapping (the pages' own `eh`
// event handler, as the WeChat view layer calls it) and prints what happened as JSON on stdout; the caller
// (scripts/check-weapp-build.mjs) asserts on it. Run in its own process: the bundle installs globals.
//   node test/weapp/run-bundle.cjs dist/weapp [wechatLanguage]
'use strict'
const { join, resolve } = require('node:path')
const { readFileSync } = require('node:fs')

const out = resolve(process.argv[2] || 'dist/weapp')
const wechatLanguage = process.argv[3] || 'zh_CN'
const TIMEOUT_MS = 15_000

const log = [] // every wx.* call, in order: { api, options }
const requests = [] // wx.request calls: { method, path, header, data }
const payments = [] // wx.requestPayment options (functions dropped)
const navigations = [] // { api, url }
const errors = []
const storage = new Map()

// ── the fake API: contract-shaped answers ──
const ORDER_ID = '00000000-0000-4000-8000-00000000c0de'
const OLDER_ORDER_ID = '00000000-0000-4000-8000-00000000c0df'
const PAYMENT_ID = '00000000-0000-4000-8000-00000000beef'
const REQUEST_PAYMENT = {
  timeStamp: '1764064800',
  nonceStr: 'n0nce-from-the-server',
  package: 'prepay_id=wx20261202abcdef',
  signType: 'RSA',
  paySign: 'c2lnbmVkLWJ5LXRoZS1zZXJ2ZXI=',
}
const products = (language) => ({
  items: [
    {
      id: 'oolong-tea',
      name: language.startsWith('zh') ? '铁观音乌龙茶' : 'Tieguanyin Oolong Tea',
      description: '100 g',
      imageUrl: '/catalog/images/oolong-tea.svg?v=1',
      price: { value: 6800, currency: 'CNY' },
    },
  ],
})
function order(status) {
  const paid = status === 'PAID'
  return {
    id: ORDER_ID,
    merchantOrderId: 'MP0000000042',
    status,
    amount: { value: 6800, currency: 'CNY' },
    refundedAmount: { value: 0, currency: 'CNY' },
    items: [
      {
        productId: 'oolong-tea',
        name: 'Tieguanyin Oolong Tea',
        quantity: 1,
        unitPrice: { value: 6800, currency: 'CNY' },
        lineTotal: { value: 6800, currency: 'CNY' },
      },
    ],
    createdAt: new Date(Date.now() - 1000).toISOString(),
    expiresAt: new Date(Date.now() + 15 * 60_000).toISOString(),
    paidAt: paid ? new Date().toISOString() : null,
    latestPayment: { id: PAYMENT_ID, provider: 'intents', status: paid ? 'SUCCEEDED' : 'PENDING', createdAt: new Date().toISOString() },
    inReview: false,
    refunds: [],
  }
}
function api(method, path, header) {
  const route = `${method} ${path.split('?')[0]}`
  switch (route) {
    case 'GET /catalog/products':
      return [200, products(header['Accept-Language'] || '')]
    case 'GET /orders':
      // Two pages: the first points at the second through its cursor.
      return [
        200,
        path.includes('cursor=c1')
          ? { items: [{ ...order('CLOSED'), id: OLDER_ORDER_ID, merchantOrderId: 'MP0000000041' }], nextCursor: null }
          : { items: [order('PAID')], nextCursor: 'c1' },
      ]
    case 'POST /auth/login':
      return [200, { token: 'token-for-wx-code', expiresIn: 7200 }]
    case 'POST /orders':
      return [201, order('PENDING_PAYMENT')]
    case `POST /orders/${ORDER_ID}/pay`:
      return [201, { paymentId: PAYMENT_ID, provider: 'intents', requestPayment: REQUEST_PAYMENT }]
    case `POST /orders/${ORDER_ID}/pay/result`:
    case `GET /orders/${ORDER_ID}`:
      return [200, order('PAID')]
    default:
      return [404, { error: { code: 'ROUTE_NOT_FOUND', message: route } }]
  }
}

// ── wx ──
const later = (fn) => setTimeout(fn, 1)
function answer(options, result) {
  later(() => {
    options?.success?.(result)
    options?.complete?.(result)
  })
}
const wxImpl = {
  login(options) {
    answer(options, { code: `wx-code-${log.filter((c) => c.api === 'login').length}`, errMsg: 'login:ok' })
  },
  request(options) {
    const path = String(options.url).replace(/^https?:\/\/[^/]+/, '')
    const header = { ...(options.header || {}) }
    requests.push({ method: options.method || 'GET', path, header, data: options.data })
    const [statusCode, data] = api(options.method || 'GET', path, header)
    answer(options, { statusCode, data, header: { 'content-type': 'application/json' }, errMsg: 'request:ok' })
    return { abort() {}, onHeadersReceived() {}, offHeadersReceived() {} }
  },
  requestPayment(options) {
    const params = {}
    for (const [key, value] of Object.entries(options)) if (typeof value !== 'function') params[key] = value
    payments.push(params)
    answer(options, { errMsg: 'requestPayment:ok' })
  },
  getStorageSync: (key) => (storage.has(key) ? storage.get(key) : ''),
  setStorageSync: (key, value) => void storage.set(key, JSON.parse(JSON.stringify(value))),
  removeStorageSync: (key) => void storage.delete(key),
  getAppBaseInfo: () => ({ language: wechatLanguage, SDKVersion: '3.7.0', version: '8.0.50', theme: 'light' }),
  getSystemInfoSync: () => ({
    language: wechatLanguage,
    platform: 'devtools',
    SDKVersion: '3.7.0',
    version: '8.0.50',
    windowWidth: 375,
    windowHeight: 667,
    screenWidth: 375,
    screenHeight: 667,
    pixelRatio: 2,
    statusBarHeight: 20,
    safeArea: { top: 20, bottom: 667, left: 0, right: 375, width: 375, height: 647 },
  }),
  getWindowInfo: () => ({ windowWidth: 375, windowHeight: 667, pixelRatio: 2, screenWidth: 375, screenHeight: 667, statusBarHeight: 20 }),
  getDeviceInfo: () => ({ platform: 'devtools', system: 'iOS 17', brand: 'devtools', model: 'iPhone' }),
  canIUse: () => true,
  nextTick: (fn) => setTimeout(fn, 0),
  getMenuButtonBoundingClientRect: () => ({ top: 24, bottom: 56, left: 281, right: 368, width: 87, height: 32 }),
}
for (const api of ['navigateTo', 'redirectTo', 'switchTab', 'reLaunch', 'navigateBack']) {
  wxImpl[api] = (options) => {
    navigations.push({ api, url: options?.url })
    answer(options, { errMsg: `${api}:ok` })
  }
}
// These, and anything else the runtime asks for, just succeed.
for (const api of ['setNavigationBarTitle', 'setTabBarItem', 'stopPullDownRefresh', 'showToast', 'hideToast']) {
  wxImpl[api] = (options) => answer(options, { errMsg: `${api}:ok` })
}
const wx = new Proxy(wxImpl, {
  get(target, key) {
    if (typeof key !== 'string' || key in Object.prototype || key === 'webpackJsonp') return Reflect.get(target, key)
    const impl = target[key]
    if (impl !== undefined && typeof impl !== 'function') return impl
    return (options, ...rest) => {
      log.push({ api: key, options: options && typeof options === 'object' ? JSON.parse(JSON.stringify(options)) : options })
      if (impl) return impl(options, ...rest)
      answer(options, { errMsg: `${key}:ok` })
      return undefined
    }
  },
  set(target, key, value) {
    target[key] = value
    return true
  },
})

// ── App / Page / Component, and page instances with setData ──
let app = null
const pageConfigs = new Map()
let loadingRoute = null
const pages = []

function setPath(root, path, value) {
  // Taro's setData paths: "root.cn.[0].cn.[2].v"
  const parts = path.split('.').map((part) => (/^\[\d+\]$/.test(part) ? Number(part.slice(1, -1)) : part))
  let node = root
  for (let i = 0; i < parts.length - 1; i++) {
    const part = parts[i]
    if (node[part] === undefined || node[part] === null) node[part] = typeof parts[i + 1] === 'number' ? [] : {}
    node = node[part]
  }
  node[parts[parts.length - 1]] = value
}

function createPage(route, query = {}) {
  const config = pageConfigs.get(route)
  if (!config) throw new Error(`no Page() registered for ${route}`)
  const page = { ...config, route, __route__: route, options: query, data: JSON.parse(JSON.stringify(config.data || {})) }
  page.setData = (data, callback) => {
    for (const [path, value] of Object.entries(data)) setPath(page.data, path, value)
    if (callback) later(callback)
  }
  pages.push(page)
  page.onLoad?.(query)
  page.onShow?.()
  page.onReady?.()
  return page
}

/** The text a page shows: every text node ('v') and the ids ('uid'/'sid') of its elements. */
function texts(node, acc = []) {
  if (Array.isArray(node)) node.forEach((child) => texts(child, acc))
  else if (node && typeof node === 'object') {
    if (typeof node.v === 'string') acc.push(node.v)
    for (const value of Object.values(node)) if (value && typeof value === 'object') texts(value, acc)
  }
  return acc
}
function ids(node, acc = new Set()) {
  if (Array.isArray(node)) node.forEach((child) => ids(child, acc))
  else if (node && typeof node === 'object') {
    for (const key of ['uid', 'sid', 'id']) if (typeof node[key] === 'string') acc.add(node[key])
    for (const value of Object.values(node)) if (value && typeof value === 'object') ids(value, acc)
  }
  return acc
}

function tap(page, id) {
  const target = { id, dataset: { sid: id } }
  page.eh({ type: 'tap', timeStamp: Date.now(), target, currentTarget: target, detail: { x: 1, y: 1 }, touches: [], changedTouches: [] })
}

async function until(what, predicate) {
  const deadline = Date.now() + TIMEOUT_MS
  while (Date.now() < deadline) {
    if (predicate()) return
    await new Promise((r) => setTimeout(r, 10))
  }
  throw new Error(`timed out waiting for ${what}`)
}

Object.assign(globalThis, {
  wx,
  App(config) {
    app = config
  },
  Page(config) {
    pageConfigs.set(loadingRoute, config)
  },
  Component() {},
  Behavior: (definition) => definition,
  getApp: () => app,
  getCurrentPages: () => pages,
  requirePlugin: () => ({}),
  __wxConfig: JSON.parse(readFileSync(join(out, 'app.json'), 'utf8')),
})
process.on('uncaughtException', (error) => errors.push(`uncaught: ${error.stack || error}`))
process.on('unhandledRejection', (error) => errors.push(`unhandled: ${error && error.stack ? error.stack : error}`))

async function main() {
  const report = { steps: [] }
  const step = (name, detail) => report.steps.push({ name, ...detail })
  const appJson = JSON.parse(readFileSync(join(out, 'app.json'), 'utf8'))

  require(join(out, 'app.js'))
  step('app registers', { ok: !!app && typeof app.onLaunch === 'function' })
  app.onLaunch?.({ path: 'pages/index/index', query: {}, scene: 1001 })
  app.onShow?.({ path: 'pages/index/index', query: {}, scene: 1001 })

  for (const route of appJson.pages) {
    loadingRoute = route
    require(join(out, `${route}.js`))
  }
  loadingRoute = null
  step('every page registers', { ok: appJson.pages.every((route) => pageConfigs.has(route)), pages: [...pageConfigs.keys()] })

  const shop = createPage('pages/index/index')
  await until('the shop to show the catalog', () => texts(shop.data).some((text) => text.includes('铁观音乌龙茶') || text.includes('Tieguanyin')))
  await until('wx.login', () => requests.some((r) => r.path === '/auth/login'))
  const catalogRequest = requests.find((r) => r.path === '/catalog/products')
  step('shop page asks wx.login for a code and wx.request for the catalog', {
    ok: log.some((c) => c.api === 'login') && !!catalogRequest,
    loginCodeSent: requests.find((r) => r.path === '/auth/login')?.data,
    catalogAcceptLanguage: catalogRequest?.header['Accept-Language'],
    shopTexts: texts(shop.data)
      .filter((text) => text.trim())
      .slice(0, 12),
    imageSrc: JSON.stringify(shop.data).match(/"(https?:[^"]*catalog\/images[^"]*)"/)?.[1] ?? null,
    titles: log.filter((c) => c.api === 'setNavigationBarTitle' || c.api === 'setTabBarItem').map((c) => c.options),
  })

  tap(shop, 'add-oolong-tea')
  await until('the cart bar', () => ids(shop.data).has('go-to-cart'))
  tap(shop, 'go-to-cart')
  await until('navigation to the cart', () => navigations.some((n) => n.url === '/pages/cart/index'))

  const cartPage = createPage('pages/cart/index')
  await until('the pay button', () => ids(cartPage.data).has('pay-button'))
  const cartTexts = texts(cartPage.data).filter((text) => text.trim())
  tap(cartPage, 'pay-button')
  await until('wx.requestPayment', () => payments.length > 0)
  await until('the result page', () => navigations.some((n) => n.api === 'redirectTo'))
  step('paying hands the server parameters to wx.requestPayment untouched', {
    ok: JSON.stringify(payments[0]) === JSON.stringify(REQUEST_PAYMENT),
    sent: payments[0],
    expected: REQUEST_PAYMENT,
    cartTexts,
    requests: requests.map((r) => `${r.method} ${r.path}${r.header.Authorization ? ' (authorized)' : ''}`),
    reportedResult: requests.find((r) => r.path.endsWith('/pay/result'))?.data,
    redirect: navigations.find((n) => n.api === 'redirectTo')?.url,
  })

  if (process.env.DUMP) report.shopData = shop.data
  // The result page the app redirected to, as WeChat would open it (query from the redirect URL).
  const redirect = new URL(navigations.find((n) => n.api === 'redirectTo').url, 'https://mp.invalid')
  const result = createPage(redirect.pathname.slice(1), Object.fromEntries(redirect.searchParams))
  // The server answers PAID at once, so the first ready render (with its buttons) is the verdict.
  await until('the result page verdict', () => ids(result.data).has('result-title') && ids(result.data).has('view-orders'))
  step('the result page shows the server verdict', { ok: true, resultTexts: texts(result.data).filter((text) => text.trim()) })

  // My orders: the first page, pull-down refresh, then the next page through the cursor.
  const orders = createPage('pages/orders/index')
  await until('the first page of orders', () => ids(orders.data).has('order-MP0000000042'))
  const listCalls = () => requests.filter((r) => r.path.startsWith('/orders?')).map((r) => r.path)
  const beforePull = listCalls().length
  orders.onPullDownRefresh?.()
  await until('the pull-down refresh to finish', () => log.some((c) => c.api === 'stopPullDownRefresh'))
  const refreshed = listCalls().length > beforePull
  orders.onReachBottom?.()
  await until('the next page through the cursor', () => ids(orders.data).has('order-MP0000000041'))
  step('My orders refreshes on pull-down and pages through the cursor', {
    ok: refreshed && listCalls().some((path) => path.includes('cursor=c1')),
    listCalls: listCalls(),
    ordersTexts: texts(orders.data).filter((text) => text.trim()),
  })

  report.wxApis = [...new Set(log.map((c) => c.api))]
  report.navigations = navigations
  report.errors = errors
  return report
}

const timer = setTimeout(() => {
  process.stdout.write(JSON.stringify({ fatal: 'timed out', errors, requests, log: log.map((c) => c.api) }) + '\n')
  process.exit(2)
}, TIMEOUT_MS * 3)
main().then(
  (report) => {
    clearTimeout(timer)
    process.stdout.write(JSON.stringify(report) + '\n')
    process.exit(0)
  },
  (error) => {
    clearTimeout(timer)
    process.stdout.write(JSON.stringify({ fatal: String(error.stack || error), errors, requests, log: log.map((c) => c.api), navigations }) + '\n')
    process.exit(1)
  },
)
