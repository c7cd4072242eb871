// Browser end-to-end test of the H5 build against the real sandbox and API, all on loopback:
//   build H5 (with the chosen ports baked in) → start sandbox + API (temp DATA_DIR) + a static server →
//   drive Debian Chromium with playwright-core through a purchase that is approved and one that is cancelled.
// Screenshots of every step land in test-output/e2e/. Exits non-zero on any failure.
//   node test/e2e/run.mjs            (E2E_SKIP_BUILD=1 reuses dist/e2e-h5; CHROMIUM_PATH overrides /usr/bin/chromium)
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import { serveStatic } from '../../scripts/serve-static.mjs'

/** The message catalogues the app is built from, read as data (TypeScript sources with one object literal each). */
async function loadCatalogues() {
  const read = async (file, name) => {
    const { readFile } = await import('node:fs/promises')
    const source = await readFile(join(app, 'src', 'i18n', 'messages', file), 'utf8')
    const body = source
      .slice(source.indexOf(`export const ${name}`))
      .replace(/^export const \w+(: \w+)? = /, '')
      .replace(/( as const)?\s*export type[\s\S]*$/, '')
    return Function(`return (${body.trim().replace(/ as const$/, '')})`)()
  }
  return { zhCN: await read('zh-CN.ts', 'zhCN'), enUS: await read('en-US.ts', 'enUS') }
}

const app = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const repo = join(app, '..', '..')
const outDir = join(app, 'test-output', 'e2e')
const h5Out = 'dist/e2e-h5'
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium'
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]
const STEP_TIMEOUT = 20_000
const OVERALL_TIMEOUT = 8 * 60_000

const children = []
const cleanups = []
const log = (...args) => console.log('[e2e]', ...args)

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

function run(cmd, args, options) {
  log('$', cmd, args.join(' '))
  const result = spawnSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', ...options })
  if (result.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} exited ${result.status}\n${(result.stdout + result.stderr).slice(-4000)}`)
  }
}

function start(name, script, env) {
  const child = spawn(process.execPath, [script], { cwd: repo, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  const output = []
  const keep = (chunk) => {
    output.push(String(chunk))
    if (output.length > 400) output.shift()
  }
  child.stdout.on('data', keep)
  child.stderr.on('data', keep)
  children.push({ name, child, output })
  return child
}

async function waitForHttp(url, accept = (status) => status < 500, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs
  let last
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url)
      if (accept(response.status)) return response
      last = `HTTP ${response.status}`
    } catch (error) {
      last = error.message
    }
    for (const { name, child, output } of children) {
      if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}\n${output.join('').slice(-3000)}`)
    }
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error(`${url} did not come up: ${last}`)
}

function ensureBuilt(pkg, mainFile) {
  if (existsSync(join(repo, mainFile)) && process.env.E2E_REBUILD_SERVERS !== '1') return
  run('pnpm', ['--filter', pkg, 'build'], { cwd: repo })
}

async function main() {
  rmSync(outDir, { recursive: true, force: true })
  mkdirSync(outDir, { recursive: true })
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: apt-get install -y chromium`)
  // Without a CJK font the zh-CN screenshots show boxes (the test itself reads the DOM and still passes).
  const fonts = spawnSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' })
  if (fonts.status === 0 && !fonts.stdout.trim())
    log('warning: no Chinese font installed; for readable zh-CN screenshots: apt-get install -y fonts-wqy-microhei')

  const [apiPort, sandboxPort, webPort] = [await freePort(), await freePort(), await freePort()]
  const apiUrl = `http://127.0.0.1:${apiPort}`
  const sandboxUrl = `http://127.0.0.1:${sandboxPort}`
  log(`ports: api ${apiPort}, sandbox ${sandboxPort}, web ${webPort}`)

  ensureBuilt('@minipay/contracts', 'packages/contracts/dist/cjs/index.js')
  ensureBuilt('@minipay/sandbox', 'apps/sandbox/dist/main.js')
  ensureBuilt('@minipay/api', 'apps/api/dist/main.js')

  // The H5 bundle reads its URLs at build time, so it is built for exactly these ports.
  const taro = createRequire(import.meta.url).resolve('@tarojs/cli/bin/taro')
  run(process.execPath, [taro, 'build', '--type', 'h5'], {
    cwd: app,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      TARO_APP_API_BASE_URL: apiUrl,
      TARO_APP_SANDBOX_URL: sandboxUrl,
      MINIPAY_OUTPUT_ROOT: h5Out,
    },
  })

  const dataDir = mkdtempSync(join(tmpdir(), 'minipay-e2e-'))
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }))
  // H5_PORT: the API's CORS allow-list admits the local H5 origin on this port only.
  const env = {
    API_PORT: String(apiPort),
    SANDBOX_PORT: String(sandboxPort),
    H5_PORT: String(webPort),
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    NODE_ENV: 'development',
  }
  start('sandbox', 'apps/sandbox/dist/main.js', env)
  await waitForHttp(`${sandboxUrl}/__sandbox/payments/none`, () => true)
  start('api', 'apps/api/dist/main.js', env)
  await waitForHttp(`${apiUrl}/catalog/products`, (status) => status === 200)

  const web = await serveStatic(join(app, h5Out), webPort)
  cleanups.push(() => new Promise((r) => web.close(r)))
  const shopUrl = `http://127.0.0.1:${webPort}/`

  const products = (await (await fetch(`${apiUrl}/catalog/products`)).json()).items
  if (products.length < 2) throw new Error('the catalog needs at least two products')

  // The purchase in each language the shopper's browser may ask for; selectors are ids and data attributes,
  // the words are checked against the catalogues (the same files the app is built from).
  const { zhCN, enUS } = await loadCatalogues()
  const LOCALES = [
    { locale: 'zh-CN', prefix: 'zh-CN', words: zhCN },
    { locale: 'en-US', prefix: 'en-US', words: enUS },
  ]
  const results = []
  let page
  const pageErrors = []

  async function scenario(name, fn) {
    log(`▶ ${name}`)
    try {
      await fn()
      results.push({ name, ok: true })
      log(`✓ ${name}`)
    } catch (error) {
      results.push({ name, ok: false })
      log(`✗ ${name}\n${error.stack}`)
      await page?.screenshot({ path: join(outDir, `FAILED-${name.replace(/\W+/g, '-')}.png`), fullPage: true }).catch(() => {})
      if (pageErrors.length) log('page errors:\n  ' + pageErrors.join('\n  '))
    }
  }

  for (const { locale, prefix, words } of LOCALES) {
    // The catalog as the API names it in this language (the app sends the same Accept-Language).
    const products = (await (await fetch(`${apiUrl}/catalog/products`, { headers: { 'accept-language': locale } })).json()).items
    if (products.length < 2) throw new Error('the catalog needs at least two products')

    const userDataDir = mkdtempSync(join(tmpdir(), 'minipay-chromium-'))
    cleanups.push(() => rmSync(userDataDir, { recursive: true, force: true }))
    const context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: [...CHROMIUM_FLAGS, `--lang=${locale}`],
      locale,
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 1,
    })
    cleanups.unshift(() => context.close())
    context.setDefaultTimeout(STEP_TIMEOUT)
    page = context.pages()[0] ?? (await context.newPage())
    page.on('pageerror', (error) => pageErrors.push(error.message))
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text())
    })

    let step = 0
    const shot = async (scenarioName, label) => {
      step += 1
      // Let Taro's page transition (300 ms) finish so the picture shows one page.
      await page.waitForTimeout(600)
      await page.screenshot({ path: join(outDir, `${prefix}-${scenarioName}-${String(step).padStart(2, '0')}-${label}.png`), fullPage: true })
    }
    const textOf = async (selector) => ((await page.locator(selector).first().textContent()) ?? '').trim()
    const expectText = async (selector, expected) => {
      const actual = await textOf(selector)
      if (actual !== expected) throw new Error(`${selector}: expected "${expected}", got "${actual}"`)
    }
    const expectImageLoaded = async (selector) => {
      const img = page.locator(selector).first()
      await img.waitFor()
      await page.waitForFunction((el) => el.complete && el.naturalWidth > 0, await img.elementHandle(), { timeout: STEP_TIMEOUT })
      const src = await img.getAttribute('src')
      if (!src?.startsWith(`${apiUrl}/catalog/images/`)) throw new Error(`${selector} comes from ${src}, not the API`)
    }

    /** Shop → add the first two products → checkout → pay sheet; returns the merchantOrderId shown in the sheet. */
    async function buyTwoProducts(scenarioName) {
      step = 0
      await page.goto(shopUrl)
      await page.locator(`#product-${products[0].id}`).waitFor()
      const lang = await page.evaluate(() => document.documentElement.lang)
      if (lang !== locale) throw new Error(`<html lang="${lang}">, expected ${locale}`)
      // The shop speaks the shopper's language: the API's product names, the catalogue's words, the locale's money.
      await expectText(`#product-${products[0].id} .product__name`, products[0].name)
      await expectText(`#add-${products[0].id}`, words['product.add'])
      await expectImageLoaded(`#product-${products[0].id} img`)
      await shot(scenarioName, 'shop')
      for (const product of products.slice(0, 2)) await page.locator(`#add-${product.id}`).click()
      await page.locator('#cart-bar').waitFor()
      await shot(scenarioName, 'cart-bar')
      await page.locator('#go-to-cart').click()
      await page.locator('#pay-button').waitFor()
      await page.locator(`#line-${products[1].id}`).waitFor()
      await expectText('#pay-button', words['cart.pay'])
      await expectImageLoaded(`#line-${products[1].id} img`)
      await shot(scenarioName, 'checkout')
      await page.locator('#pay-button').click()
      const sheet = page.locator('#wx-pay-sheet')
      await sheet.waitFor()
      await expectText('#wx-pay-confirm', words['sheet.pay'])
      await shot(scenarioName, 'pay-sheet')
      const reference = await page.locator('#wx-pay-order-ref').getAttribute('data-merchant-order-id')
      if (!reference) throw new Error('the pay sheet shows no merchantOrderId')
      return reference
    }

    /** "My orders" through the result page's button; waits for the order's row with one of these statuses. */
    async function openMyOrders(scenarioName, merchantOrderId, statuses) {
      await page.locator('#view-orders').click()
      const row = page.locator(`#order-${merchantOrderId}`)
      await row.waitFor()
      const labels = statuses.map((status) => words[`status.order.${status}`])
      await page.waitForFunction(
        ({ selector, labels }) => labels.includes(document.querySelector(selector)?.querySelector('.badge')?.textContent?.trim()),
        { selector: `#order-${merchantOrderId}`, labels },
        { timeout: STEP_TIMEOUT },
      )
      await shot(scenarioName, 'my-orders')
      return row
    }

    await scenario(`${locale} approve: pay two products and see "Paid" and the order in My orders`, async () => {
      const merchantOrderId = await buyTwoProducts('approve')
      await page.locator('#wx-pay-confirm').click()
      await page.locator('#wx-pay-sheet').waitFor({ state: 'detached' })
      await page.locator('#payment-result[data-verdict="paid"]').waitFor()
      await expectText('#result-title', words['result.paid.title'])
      await shot('approve', 'paid')
      // The API's fulfilment relay moves a paid order on to FULFILLED within moments: both mean "paid".
      await openMyOrders('approve', merchantOrderId, ['PAID', 'FULFILLED'])
      // The browser's stand-in for pull-down refresh reloads the list in place.
      await page.locator('#refresh-orders').click()
      await page.locator(`#order-${merchantOrderId}`).waitFor()
    })

    await scenario(`${locale} cancel: close the pay sheet and find the order still payable, counting down`, async () => {
      const merchantOrderId = await buyTwoProducts('cancel')
      await page.locator('#wx-pay-cancel').click()
      await page.locator('#wx-pay-sheet').waitFor({ state: 'detached' })
      await page.locator('#payment-result[data-verdict="cancelled"]').waitFor()
      await expectText('#result-title', words['result.cancelled.title'])
      await expectText('#pay-again', words['result.payAgain'])
      await shot('cancel', 'cancelled')
      const row = await openMyOrders('cancel', merchantOrderId, ['PENDING_PAYMENT'])
      await row.click()
      await page.locator('#order-detail').waitFor()
      await expectText('#resume-payment', words['order.payNow'])
      const countdown = new RegExp(`^${words['order.expiresIn'].replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace('{time}', '\\d{2}:\\d{2}')}$`)
      const first = await textOf('#order-countdown')
      if (!countdown.test(first)) throw new Error(`countdown "${first}" does not read like ${countdown}`)
      await page.waitForFunction((before) => document.querySelector('#order-countdown')?.textContent?.trim() !== before, first, { timeout: 5000 })
      await page.locator('#refresh-order').click()
      await page.locator('#resume-payment').waitFor()
      await shot('cancel', 'order-still-payable')
    })
  }

  const passed = results.filter((r) => r.ok).length
  const failed = results.length - passed
  log(`screenshots: ${outDir}`)
  if (failed) {
    for (const { name, output } of children) log(`--- ${name} output (tail) ---\n${output.join('').slice(-3000)}`)
  }
  console.log(`e2e: ${passed} passed, ${failed} failed`)
  return failed === 0
}

async function cleanup() {
  for (const fn of cleanups.splice(0)) await Promise.resolve(fn()).catch(() => {})
  for (const { child } of children) if (child.exitCode === null) child.kill('SIGTERM')
}

const timer = setTimeout(() => {
  console.error(`[e2e] timed out after ${OVERALL_TIMEOUT / 1000}s`)
  console.log('e2e: 0 passed, 1 failed')
  void cleanup().finally(() => process.exit(1))
}, OVERALL_TIMEOUT)

let ok = false
try {
  ok = await main()
} catch (error) {
  console.error('[e2e] setup failed:', error.stack ?? error)
  for (const { name, output } of children) console.error(`--- ${name} output (tail) ---\n${output.join('').slice(-3000)}`)
  console.log('e2e: 0 passed, 1 failed')
} finally {
  clearTimeout(timer)
  await cleanup()
}
process.exit(ok ? 0 : 1)
