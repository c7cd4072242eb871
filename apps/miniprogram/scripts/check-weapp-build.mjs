// Build check for the WeChat target: `taro build --type weapp` succeeds, dist/weapp/app.json lists every page
// of src/app.config.ts, WeChat DevTools can import the folder, the main package stays lean, and the built
// bundle really runs: test/weapp/run-bundle.cjs loads it in Node against stub wx / App / Page / Component
// globals and buys a product (in Chinese and in English).
//   node scripts/check-weapp-build.mjs [--no-build]
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const out = join(root, 'dist', 'weapp')
const MAIN_PACKAGE_LIMIT = 2 * 1024 * 1024
/** A quarter of the limit, with the catalogues: product pictures come from the API, never from the package. */
const BUDGET = 0.25 * MAIN_PACKAGE_LIMIT
const FORBIDDEN = ['class-validator', 'reflect-metadata', 'Reflect.defineMetadata', '@nestjs', 'typeorm', 'better-sqlite3', '__sandbox', 'fastify']

const results = []
function check(name, fn) {
  try {
    const detail = fn()
    results.push({ name, ok: true })
    console.log(`  ✓ ${name}${detail ? ` — ${detail}` : ''}`)
  } catch (error) {
    results.push({ name, ok: false })
    console.log(`  ✗ ${name}\n      ${error.message}`)
  }
}
function assert(condition, message) {
  if (!condition) throw new Error(message)
}
function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? files(path) : [path]
  })
}
const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`

if (!process.argv.includes('--no-build')) {
  const taro = createRequire(import.meta.url).resolve('@tarojs/cli/bin/taro')
  console.log('building: taro build --type weapp')
  const build = spawnSync(process.execPath, [taro, 'build', '--type', 'weapp'], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'production' },
    encoding: 'utf8',
  })
  check('taro build --type weapp succeeds', () => {
    assert(build.status === 0, `exit ${build.status}\n${(build.stdout + build.stderr).slice(-3000)}`)
  })
}

const sourcePages = [...readFileSync(join(root, 'src', 'app.config.ts'), 'utf8').matchAll(/'(pages\/[^']+)'/g)]
  .map((m) => m[1])
  .filter((page, index, all) => all.indexOf(page) === index)

check('app.json lists every page of src/app.config.ts', () => {
  const appJson = JSON.parse(readFileSync(join(out, 'app.json'), 'utf8'))
  const missing = sourcePages.filter((page) => !appJson.pages.includes(page))
  assert(sourcePages.length >= 5, `expected at least 5 pages in app.config.ts, found ${sourcePages.length}`)
  assert(missing.length === 0, `missing from app.json: ${missing.join(', ')}`)
  return appJson.pages.join(', ')
})

check('every page is emitted (.js, .json, .wxml)', () => {
  const missing = sourcePages.flatMap((page) => ['.js', '.json', '.wxml'].map((ext) => `${page}${ext}`).filter((file) => !existsSync(join(out, file))))
  assert(missing.length === 0, `missing: ${missing.join(', ')}`)
})

check('project.config.json is importable by WeChat DevTools', () => {
  const config = JSON.parse(readFileSync(join(out, 'project.config.json'), 'utf8'))
  const expected = process.env.TARO_APP_WECHAT_APPID || process.env.TARO_APP_ID || 'touristappid'
  assert(config.appid === expected, `appid ${config.appid}, expected ${expected}`)
  assert(config.miniprogramRoot === './', `miniprogramRoot ${config.miniprogramRoot}`)
  assert(config.compileType === 'miniprogram', `compileType ${config.compileType}`)
  return `appid ${config.appid}`
})

let total = 0
check(`main package under ${kib(BUDGET)} (WeChat's limit: 2 MiB)`, () => {
  const all = files(out)
  total = all.reduce((sum, file) => sum + statSync(file).size, 0)
  assert(total < BUDGET && total < MAIN_PACKAGE_LIMIT, `main package is ${kib(total)}`)
  const biggest = all
    .map((file) => [relative(out, file), statSync(file).size])
    .sort((a, b) => b[1] - a[1])
    .slice(0, 4)
    .map(([file, size]) => `${file} ${kib(size)}`)
  return `${kib(total)} (${total} bytes); largest: ${biggest.join(', ')}`
})

check('no server-only or sandbox code in the bundle', () => {
  const found = files(out)
    .filter((file) => file.endsWith('.js'))
    .flatMap((file) => {
      const text = readFileSync(file, 'utf8')
      return FORBIDDEN.filter((needle) => text.includes(needle)).map((needle) => `${relative(out, file)}: ${needle}`)
    })
  assert(found.length === 0, found.join('; '))
})

// The test secrets the sandbox and the API's dev defaults share (apps/api/src/config/config.schema.ts,
// SANDBOX_TEST_SECRETS), plus any real ones in this environment: none may reach the bundle.
const SECRETS = [
  'sandbox-wechat-appsecret-0001',
  'sandbox-intents-api-key-0001',
  'sandbox-intents-webhook-secret-0001',
  'sandbox-adyen-api-key-0001',
  'B7E1518A2F0C4D6E8A9B1C2D3E4F50617283940A1B2C3D4E5F60718293A4B5C6',
  'dev-only-session-secret-change-me-0001',
  'dev-only-admin-api-key-0001',
  ...['WECHAT_APP_SECRET', 'INTENTS_API_KEY', 'INTENTS_WEBHOOK_SECRET', 'ADYEN_API_KEY', 'SESSION_SECRET', 'ADMIN_API_KEY']
    .map((name) => process.env[name])
    .filter((value) => value && value.length >= 8),
  ...(process.env.ADYEN_HMAC_KEYS ?? '').split(',').filter((key) => key.length >= 8),
]
check('no secret reaches the bundle (appsecret, API keys, HMAC keys, session and admin secrets)', () => {
  const found = files(out).flatMap((file) => {
    const text = readFileSync(file, 'utf8')
    return SECRETS.filter((secret) => text.includes(secret) || text.toLowerCase().includes(secret.toLowerCase())).map(
      (secret) => `${relative(out, file)} contains ${secret.slice(0, 6)}…`,
    )
  })
  assert(found.length === 0, found.join('; '))
  return `${SECRETS.length} secrets checked in ${files(out).length} files`
})

// The bundle as WeChat would run it. Each language in its own process: the bundle installs globals.
for (const [language, expected] of [
  ['zh_CN', { acceptLanguage: 'zh-CN', name: '铁观音乌龙茶', add: '加入购物车', pay: '微信支付', price: '¥68.00', paid: '支付成功', status: '已支付' }],
  [
    'en',
    { acceptLanguage: 'en-US', name: 'Tieguanyin Oolong Tea', add: 'Add to cart', pay: 'Pay with WeChat Pay', price: '¥68.00', paid: 'Paid', status: 'Paid' },
  ],
]) {
  const child = spawnSync(process.execPath, [join(root, 'test', 'weapp', 'run-bundle.cjs'), out, language], { cwd: root, encoding: 'utf8', timeout: 90_000 })
  let report = null
  try {
    report = JSON.parse(child.stdout.trim().split('\n').pop())
  } catch {
    report = { fatal: `no report (exit ${child.status}): ${(child.stdout + child.stderr).slice(-2000)}` }
  }
  const stepOf = (name) => report.steps?.find((s) => s.name === name)
  check(`[wx language ${language}] the built bundle runs: the app and every page register`, () => {
    assert(!report.fatal, report.fatal + (report.requests ? `\n      requests: ${JSON.stringify(report.requests)}` : ''))
    assert(stepOf('app registers')?.ok, 'App() was not called with an app config')
    assert(stepOf('every page registers')?.ok, `registered: ${stepOf('every page registers')?.pages}`)
    assert(report.errors.length === 0, report.errors.join('\n'))
  })
  check(`[wx language ${language}] the shop page asks wx.login for a code and wx.request for the catalog, in ${expected.acceptLanguage}`, () => {
    const shop = stepOf('shop page asks wx.login for a code and wx.request for the catalog')
    assert(shop?.ok, 'no wx.login or no catalog request')
    assert(/^wx-code-\d+$/.test(shop.loginCodeSent?.code ?? ''), `the login code sent: ${JSON.stringify(shop.loginCodeSent)}`)
    assert(shop.catalogAcceptLanguage === expected.acceptLanguage, `Accept-Language ${shop.catalogAcceptLanguage}`)
    for (const text of [expected.name, expected.price, expected.add])
      assert(shop.shopTexts.includes(text), `"${text}" not on the page: ${shop.shopTexts.join(' | ')}`)
    assert(/^https?:\/\/.+\/catalog\/images\/oolong-tea\.svg\?v=1$/.test(shop.imageSrc ?? ''), `picture src ${shop.imageSrc}`)
    return `${shop.shopTexts.join(' | ')}; title ${JSON.stringify(shop.titles?.[0])}`
  })
  check(`[wx language ${language}] paying hands the server's parameters to wx.requestPayment untouched`, () => {
    const pay = stepOf('paying hands the server parameters to wx.requestPayment untouched')
    assert(pay, 'the purchase did not get that far')
    assert(pay.ok, `wx.requestPayment got ${JSON.stringify(pay.sent)}, the server sent ${JSON.stringify(pay.expected)}`)
    assert(pay.cartTexts.includes(expected.pay), `"${expected.pay}" not in the cart: ${pay.cartTexts.join(' | ')}`)
    assert(pay.reportedResult?.errMsg === 'requestPayment:ok', `reported ${JSON.stringify(pay.reportedResult)}`)
    assert(pay.redirect?.startsWith('/pages/result/index?orderId='), `redirect ${pay.redirect}`)
    return pay.requests.join(', ')
  })
  check(`[wx language ${language}] the result page shows the verdict; My orders refreshes on pull-down and pages through the cursor`, () => {
    const result = stepOf('the result page shows the server verdict')
    assert(result?.resultTexts.includes(expected.paid), `result page: ${result?.resultTexts.join(' | ')}`)
    const orders = stepOf('My orders refreshes on pull-down and pages through the cursor')
    assert(orders, 'My orders did not get that far')
    assert(orders.ok, `GET /orders calls: ${orders.listCalls.join(', ')}`)
    assert(orders.ordersTexts.includes(expected.status), `My orders: ${orders.ordersTexts.join(' | ')}`)
    return orders.listCalls.join(', ')
  })
}

const passed = results.filter((r) => r.ok).length
const failed = results.length - passed
console.log(`\nweapp build check: main package ${kib(total)}`)
console.log(`${passed} passed, ${failed} failed`)
process.exit(failed === 0 ? 0 : 1)
