/* eslint-disable @typescript-eslint/no-require-imports -- each case re-evaluates the module under another TARO_ENV */
describe('bridge selection', () => {
  const original = { env: process.env.TARO_ENV, bridge: process.env.TARO_APP_BRIDGE }
  afterEach(() => {
    for (const [key, value] of [
      ['TARO_ENV', original.env],
      ['TARO_APP_BRIDGE', original.bridge],
    ] as const) {
      if (value === undefined) delete process.env[key]
      else (process.env as Record<string, string>)[key] = value
    }
  })

  it('uses the simulated bridge in the H5 build', () => {
    process.env.TARO_ENV = 'h5'
    jest.isolateModules(() => {
      expect(require('./index').bridge).toBe(require('./h5').h5Bridge)
    })
  })

  it("uses Taro's (wx.*) bridge in the weapp build", () => {
    process.env.TARO_ENV = 'weapp'
    jest.isolateModules(() => {
      expect(require('./index').bridge).toBe(require('./weapp').weappBridge)
    })
  })

  it('uses the sandbox-driven bridge in a weapp built with TARO_APP_BRIDGE=sandbox', () => {
    process.env.TARO_ENV = 'weapp'
    process.env.TARO_APP_BRIDGE = 'sandbox'
    jest.isolateModules(() => {
      expect(require('./index').bridge).toBe(require('./sandbox-weapp').sandboxWeappBridge)
    })
  })
})
