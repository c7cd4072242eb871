// `pnpm dev`: the H5 build in Taro's watch mode with its dev server on 127.0.0.1:$H5_PORT (default 10086),
// talking to the API ($API_PORT) and the sandbox ($SANDBOX_PORT) through the simulated WeChat bridge.
import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'

const port = process.env.H5_PORT || '10086'
const url = `http://127.0.0.1:${port}/`
const api = process.env.TARO_APP_API_BASE_URL || `http://127.0.0.1:${process.env.API_PORT || 3000}`
const sandbox = process.env.TARO_APP_SANDBOX_URL || `http://127.0.0.1:${process.env.SANDBOX_PORT || 4010}`

const taro = createRequire(import.meta.url).resolve('@tarojs/cli/bin/taro')
console.log(`minipay mini program (H5) dev server: ${url}  (API ${api}, sandbox ${sandbox})`)

const child = spawn(process.execPath, [taro, 'build', '--type', 'h5', '--watch'], {
  stdio: ['ignore', 'pipe', 'inherit'],
  env: { ...process.env, NODE_ENV: 'development', H5_PORT: port, BROWSER: 'none' },
})
let announced = false
child.stdout.on('data', (chunk) => {
  process.stdout.write(chunk)
  if (!announced && /Compiled successfully|compiled/i.test(String(chunk))) {
    announced = true
    console.log(`\nminipay mini program (H5) ready: ${url}\n`)
  }
})
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
