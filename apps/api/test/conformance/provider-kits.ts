import { generateKeyPairSync, randomUUID } from 'node:crypto';
import type { PaymentStatus, ProviderName } from '@minipay/contracts';
import {
  adyenNotificationHmac,
  signIntentsNotification,
  wechatpayEncryptResource,
  wechatpaySignatureHeaders,
  type AdyenNotificationRequestItem,
} from '@minipay/sandbox';
import { expectError, type HttpReply } from '../support/http';
import type { Stack } from '../support/stack';

/** One attempt as the sandbox's control surface describes it (`GET /__sandbox/payments/:merchantOrderId`). */
export interface SandboxAttempt {
  provider: ProviderName;
  providerReference: string;
  providerId: string;
  status: string;
  amount: { value: number; currency: string };
}

export interface ForgedNotification {
  path: string;
  rawBody: string;
  headers: Record<string, string>;
}

/**
 * What differs per provider in the conformance scenarios: how a notification is forged and what a refused
 * payment looks like. Everything else is the same test against every adapter.
 */
export interface ProviderKit {
  /** A notification claiming `attempt` succeeded, signed with a key/secret the API does not hold. */
  forgedSuccess(stack: Stack, attempt: SandboxAttempt): ForgedNotification;
  /** The attempt's status after the sandbox's "refuse" and the client's 'requestPayment:fail' report. */
  refusedStatus: PaymentStatus;
  /** Asserts a refused notification in the shape this provider reads (the API's error envelope by default). */
  expectRejected?(reply: HttpReply, status: number, code: string): void;
}

/** A WeChat Pay v3 TRANSACTION.SUCCESS notification body for `attempt`, encrypted with `apiV3Key`. */
export function wechatpaySuccessBody(stack: Stack, attempt: SandboxAttempt, apiV3Key = stack.config.WECHATPAY_APIV3_KEY): string {
  const resource = {
    appid: stack.config.WECHAT_APP_ID,
    mchid: stack.config.WECHATPAY_MCHID,
    out_trade_no: attempt.providerReference,
    transaction_id: '4200000000000000000000000001',
    trade_type: 'JSAPI',
    trade_state: 'SUCCESS',
    success_time: new Date().toISOString(),
    payer: { openid: 'oForged' },
    amount: { total: attempt.amount.value, payer_total: attempt.amount.value, currency: 'CNY', payer_currency: 'CNY' },
  };
  return JSON.stringify({
    id: randomUUID(),
    create_time: new Date().toISOString(),
    resource_type: 'encrypt-resource',
    event_type: 'TRANSACTION.SUCCESS',
    summary: '支付成功',
    resource: { original_type: 'transaction', ...wechatpayEncryptResource(apiV3Key, JSON.stringify(resource), 'transaction') },
  });
}

let attackerKey: ReturnType<typeof generateKeyPairSync> | undefined;

/** WeChat Pay answers failures as `{"code":"FAIL","message":…}`; the message starts with our error code. */
export function expectWechatpayFail(reply: HttpReply, status: number, code: string): void {
  const body = reply.body as { code?: string; message?: string };
  if (reply.status !== status || body?.code !== 'FAIL' || !body.message?.startsWith(code)) {
    throw new Error(`expected ${status} {"code":"FAIL","message":"${code}: …"}, got ${reply.status}: ${JSON.stringify(reply.body)}`);
  }
}

const WRONG_ADYEN_KEY = 'FF'.repeat(32);

/** Kits of the providers the conformance suite runs against. */
export const PROVIDER_KITS: Partial<Record<ProviderName, ProviderKit>> = {
  intents: {
    forgedSuccess(_stack, attempt) {
      const rawBody = JSON.stringify({ notify_type: 'payment_success', data: { order_id: attempt.providerId, merchant_order_id: attempt.providerReference } });
      return {
        path: '/webhooks/intents',
        rawBody,
        headers: { 'content-type': 'application/json', ...signIntentsNotification('not-the-webhook-secret-at-all', rawBody) },
      };
    },
    // The seed's provider has no "refused": the sandbox's refuse behaves like the shopper's cancel.
    refusedStatus: 'CANCELLED',
  },
  adyen: {
    forgedSuccess(stack, attempt) {
      const item: AdyenNotificationRequestItem = {
        eventCode: 'AUTHORISATION',
        success: 'true',
        pspReference: attempt.providerId,
        merchantAccountCode: stack.config.ADYEN_MERCHANT_ACCOUNT,
        merchantReference: attempt.providerReference,
        amount: attempt.amount,
        eventDate: new Date().toISOString(),
        paymentMethod: 'wechatpayMiniProgram',
      };
      item.additionalData = { hmacSignature: adyenNotificationHmac(WRONG_ADYEN_KEY, item) };
      const rawBody = JSON.stringify({ live: 'false', notificationItems: [{ NotificationRequestItem: item }] });
      return { path: '/webhooks/adyen', rawBody, headers: { 'content-type': 'application/json' } };
    },
    refusedStatus: 'FAILED',
  },
  wechatpay: {
    forgedSuccess(stack, attempt) {
      // Correctly encrypted (as if the APIv3 key leaked) but signed with a key that is not WeChat Pay's.
      attackerKey ??= generateKeyPairSync('rsa', { modulusLength: 2048 });
      const rawBody = wechatpaySuccessBody(stack, attempt);
      const headers = wechatpaySignatureHeaders({ serial: stack.config.WECHATPAY_PUBLIC_KEY_ID!, key: attackerKey.privateKey }, rawBody);
      return { path: '/webhooks/wechatpay', rawBody, headers: { 'content-type': 'application/json', ...headers } };
    },
    // PAYERROR: WeChat sends no notification for it; the client's report makes the API query.
    refusedStatus: 'FAILED',
    expectRejected: expectWechatpayFail,
  },
};

export const expectRejected = (kit: ProviderKit, reply: HttpReply, status: number, code: string) => (kit.expectRejected ?? expectError)(reply, status, code);
