// Build check for the WeChat target: `taro build --type weapp` succeeds, dist/weapp/app.json lists every page
// of src/app.config.ts, WeChat DevTools can import the folder, and the main package stays lean.
//   node scripts/check-weapp-build.mjs [--no-build]
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const out = join(root, 'dist', 'weapp')
const MAIN_PACKAGE_LIMIT = 2 * 1024 * 1024
/** "Well under" the limit: fail long before WeChat would refuse the upload. */
const BUDGET = 1024 * 1024
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
  const missing = sourcePages.flatMap((page) =>
    ['.js', '.json', '.wxml'].map((ext) => `${page}${ext}`).filter((file) => !existsSync(join(out, file))),
  )
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

const passed = results.filter((r) => r.ok).length
const failed = results.length - passed
console.log(`\nweapp build check: main package ${kib(total)}`)
console.log(`${passed} passed, ${failed} failed`)
process.exit(failed === 0 ? 0 : 1)
