import { SandboxMintCodeResponse, SandboxShopperActionResponse, type SandboxShopperAction } from '@minipay/contracts'
import Taro from '@tarojs/taro'
import { REQUEST_TIMEOUT_MS, trimSlash } from '../services/config'
import { BridgeError } from '../services/errors'

/**
 * The sandbox's control surface, as the simulated bridges use it: a wx.login code the sandbox's jscode2session
 * accepts, and the shopper's answer in the pay sheet. Only simulated bridges import this module, so the
 * production weapp bundle never holds the sandbox URL.
 */
export const SANDBOX_URL = trimSlash(process.env.TARO_APP_SANDBOX_URL || 'http://127.0.0.1:4010')

async function postSandbox(path: string): Promise<unknown> {
  let response: { statusCode: number; data: unknown }
  try {
    response = await Taro.request({
      url: `${SANDBOX_URL}${path}`,
      method: 'POST',
      data: {},
      header: { 'Content-Type': 'application/json', Accept: 'application/json' },
      dataType: 'json',
      timeout: REQUEST_TIMEOUT_MS,
    })
  } catch (error) {
    const detail = error as { errMsg?: string; message?: string } | undefined
    throw new BridgeError(`The sandbox at ${SANDBOX_URL} is unreachable (${detail?.errMsg || detail?.message || 'request failed'})`)
  }
  if (response.statusCode < 200 || response.statusCode >= 300) {
    const message = (response.data as { error?: { message?: string } } | null)?.error?.message
    throw new BridgeError(`The sandbox answered ${response.statusCode}${message ? `: ${message}` : ''}`)
  }
  return response.data
}

export async function mintLoginCode(): Promise<{ code: string }> {
  const parsed = SandboxMintCodeResponse.safeParse(await postSandbox('/__sandbox/wechat/codes'))
  if (!parsed.success) throw new BridgeError('The sandbox answered unexpectedly')
  return { code: parsed.data.code }
}

/** The shopper's action on the latest payment attempt of the order ("approve" makes the provider notify the API). */
export async function shopperAction(merchantOrderId: string, action: SandboxShopperAction): Promise<void> {
  const body = await postSandbox(`/__sandbox/payments/${encodeURIComponent(merchantOrderId)}/${action}`)
  if (!SandboxShopperActionResponse.safeParse(body).success) throw new BridgeError('The sandbox answered unexpectedly')
}
