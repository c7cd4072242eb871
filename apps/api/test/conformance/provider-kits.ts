import type { PaymentStatus, ProviderName } from '@minipay/contracts';
import { adyenNotificationHmac, signIntentsNotification, type AdyenNotificationRequestItem } from '@minipay/sandbox';
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
}

const WRONG_ADYEN_KEY = 'FF'.repeat(32);

/** Kits of the providers the conformance suite runs against (wechatpay joins when its adapter lands). */
export const PROVIDER_KITS: Partial<Record<ProviderName, ProviderKit>> = {
  intents: {
    forgedSuccess(_stack, attempt) {
      const rawBody = JSON.stringify({ notify_type: 'payment_success', data: { order_id: attempt.providerId, merchant_order_id: attempt.providerReference } });
      return { path: '/webhooks/intents', rawBody, headers: { 'content-type': 'application/json', ...signIntentsNotification('not-the-webhook-secret-at-all', rawBody) } };
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
};
