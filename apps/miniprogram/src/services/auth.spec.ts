import { OrderListResponse } from '@minipay/contracts'
import { calls, envelope, routeRequests } from '../../test/http'
import { __storage } from '../../test/mocks/taro'
import { bridge } from '../bridge'
import { TOKEN_STORAGE_KEY, ensureToken, login, readToken, withAuth } from './auth'
import { ApiError } from './errors'
import { httpRequest } from './http'

jest.mock('../bridge', () => ({ bridge: { login: jest.fn(), requestPayment: jest.fn() } }))
const bridgeLogin = bridge.login as jest.Mock

let codes = 0
beforeEach(() => {
  codes = 0
  bridgeLogin.mockImplementation(async () => ({ code: `code-${++codes}` }))
})

function loginRoute() {
  return ({ data }: { data?: unknown }) => ({
    statusCode: 200,
    data: { token: `token-for-${(data as { code: string }).code}`, expiresIn: 7200 },
  })
}

const listOrders = (token: string) => httpRequest({ method: 'GET', path: '/orders', token, schema: OrderListResponse })

describe('auth', () => {
  it('exchanges a fresh WeChat code for a token and keeps it in storage', async () => {
    routeRequests({ 'POST /auth/login': loginRoute() })
    await expect(login()).resolves.toBe('token-for-code-1')
    expect(calls('POST', '/auth/login')[0]!.data).toEqual({ code: 'code-1' })
    expect(readToken()).toBe('token-for-code-1')
  })

  it('reuses a stored token until it is about to expire', async () => {
    __storage().set(TOKEN_STORAGE_KEY, { token: 'stored', expiresAt: Date.now() + 3_600_000 })
    await expect(ensureToken()).resolves.toBe('stored')
    expect(bridgeLogin).not.toHaveBeenCalled()

    __storage().set(TOKEN_STORAGE_KEY, { token: 'stale', expiresAt: Date.now() + 10_000 })
    routeRequests({ 'POST /auth/login': loginRoute() })
    await expect(ensureToken()).resolves.toBe('token-for-code-1')
  })

  it('shares one login between concurrent callers, so no code is burnt for nothing', async () => {
    routeRequests({ 'POST /auth/login': loginRoute() })
    const tokens = await Promise.all([ensureToken(), ensureToken(), ensureToken()])
    expect(tokens).toEqual(['token-for-code-1', 'token-for-code-1', 'token-for-code-1'])
    expect(bridgeLogin).toHaveBeenCalledTimes(1)
  })

  it('logs in again silently once on 401 and retries the call with the new token', async () => {
    __storage().set(TOKEN_STORAGE_KEY, { token: 'revoked', expiresAt: Date.now() + 3_600_000 })
    routeRequests({
      'POST /auth/login': loginRoute(),
      'GET /orders': ({ header }) =>
        header.Authorization === 'Bearer revoked'
          ? { statusCode: 401, data: envelope('UNAUTHENTICATED') }
          : { statusCode: 200, data: { items: [], nextCursor: null } },
    })
    await expect(withAuth(listOrders)).resolves.toEqual({ items: [], nextCursor: null })
    expect(calls('GET', '/orders').map((c) => c.header.Authorization)).toEqual(['Bearer revoked', 'Bearer token-for-code-1'])
  })

  it('gives up after the second 401 instead of looping', async () => {
    routeRequests({
      'POST /auth/login': loginRoute(),
      'GET /orders': [{ statusCode: 401, data: envelope('UNAUTHENTICATED') }],
    })
    const error = await withAuth(listOrders).catch((e) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect(error.code).toBe('UNAUTHENTICATED')
    expect(calls('GET', '/orders')).toHaveLength(2)
    expect(bridgeLogin).toHaveBeenCalledTimes(2)
  })

  it('does not retry other errors', async () => {
    routeRequests({
      'POST /auth/login': loginRoute(),
      'GET /orders': [{ statusCode: 500, data: envelope('INTERNAL_ERROR') }],
    })
    await expect(withAuth(listOrders)).rejects.toMatchObject({ status: 500 })
    expect(calls('GET', '/orders')).toHaveLength(1)
  })

  it('surfaces a rejected login code as WECHAT_CODE_INVALID and stores nothing', async () => {
    routeRequests({ 'POST /auth/login': [{ statusCode: 401, data: envelope('WECHAT_CODE_INVALID') }] })
    await expect(login()).rejects.toMatchObject({ code: 'WECHAT_CODE_INVALID' })
    expect(readToken()).toBeNull()
  })
})
