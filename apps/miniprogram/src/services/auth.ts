import { type LoginRequest, LoginResponse } from '@minipay/contracts'
import { bridge } from '../bridge'
import { ApiError } from './errors'
import { httpRequest } from './http'
import { readStorage, removeStorage, writeStorage } from './storage'

export const TOKEN_STORAGE_KEY = 'minipay.auth'

/** Renew a little before the server would, so a request never leaves with a token about to expire. */
const EXPIRY_MARGIN_MS = 30_000

interface StoredToken {
  token: string
  expiresAt: number
}

export function readToken(now = Date.now()): string | null {
  const stored = readStorage<StoredToken>(TOKEN_STORAGE_KEY)
  if (!stored || typeof stored.token !== 'string' || typeof stored.expiresAt !== 'number') return null
  return stored.expiresAt - EXPIRY_MARGIN_MS > now ? stored.token : null
}

export function clearToken(): void {
  removeStorage(TOKEN_STORAGE_KEY)
}

let inFlight: Promise<string> | null = null

/**
 * WeChat login: a fresh single-use code from the bridge, exchanged by our API for our own bearer token.
 * Concurrent callers share one login, because each extra wx.login would burn a code for nothing.
 */
export function login(): Promise<string> {
  if (!inFlight) {
    inFlight = (async () => {
      const { code } = await bridge.login()
      const body: LoginRequest = { code }
      const result = await httpRequest({ method: 'POST', path: '/auth/login', body, schema: LoginResponse })
      writeStorage(TOKEN_STORAGE_KEY, { token: result.token, expiresAt: Date.now() + result.expiresIn * 1000 } satisfies StoredToken)
      return result.token
    })().finally(() => {
      inFlight = null
    })
  }
  return inFlight
}

export async function ensureToken(): Promise<string> {
  return readToken() ?? login()
}

/**
 * Runs an authenticated call. A 401 means the token expired or was revoked server-side: log in again
 * silently and retry once; a second 401 is a real failure and goes to the page.
 */
export async function withAuth<T>(call: (token: string) => Promise<T>): Promise<T> {
  const token = await ensureToken()
  try {
    return await call(token)
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 401) throw error
    clearToken()
    const fresh = await login()
    return call(fresh)
  }
}
