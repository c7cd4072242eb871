import Taro from '@tarojs/taro'
import { getLocale } from '../i18n'
import { API_BASE_URL, REQUEST_TIMEOUT_MS } from './config'
import { InvalidResponseError, NetworkError, toApiError } from './errors'

/** Any contract schema: the client validates every response with the same zod schema the API answers with. */
export interface Schema<T> {
  safeParse(data: unknown): { success: true; data: T } | { success: false; error: unknown }
}

export type HttpMethod = 'GET' | 'POST'

export interface HttpRequest<T> {
  method: HttpMethod
  path: string
  schema: Schema<T>
  body?: unknown
  token?: string | null
  headers?: Record<string, string>
}

/**
 * One typed call to the API over Taro.request (wx.request in the mini program, fetch in H5).
 * Resolves with the validated body; rejects with NetworkError, ApiError (the envelope's code) or
 * InvalidResponseError.
 */
export async function httpRequest<T>({ method, path, schema, body, token, headers }: HttpRequest<T>): Promise<T> {
  // The API names and describes products in this language (GET /catalog/products).
  const header: Record<string, string> = { Accept: 'application/json', 'Accept-Language': getLocale(), ...headers }
  if (body !== undefined) header['Content-Type'] = 'application/json'
  if (token) header.Authorization = `Bearer ${token}`

  let response: { statusCode: number; data: unknown }
  try {
    response = await Taro.request({
      url: `${API_BASE_URL}${path}`,
      method,
      data: body as Taro.request.Option['data'],
      header,
      dataType: 'json',
      timeout: REQUEST_TIMEOUT_MS,
    })
  } catch (error) {
    const detail = error as { errMsg?: string; message?: string } | undefined
    throw new NetworkError(detail?.errMsg || detail?.message || 'request failed')
  }

  const { statusCode, data } = response
  if (statusCode < 200 || statusCode >= 300) {
    throw toApiError(statusCode, data)
  }
  const parsed = schema.safeParse(data)
  if (!parsed.success) {
    throw new InvalidResponseError(path, parsed.error)
  }
  return parsed.data
}
