export { buildSandbox, sandboxContextOf } from './app';
export { SANDBOX_DEFAULT_CREDENTIALS, type SandboxCredentials, type SandboxOptions } from './config';
export type { SandboxContext } from './context';
export { startSandbox, type RunningSandbox } from './server';
export { signIntentsNotification } from './intents/signing';
export { adyenNotificationHmac, adyenSigningString, type AdyenNotificationRequestItem } from './adyen/hmac';
export type { SandboxState, PaymentAttempt, CallLogEntry, NotificationRecord } from './state';
export { encryptResource as wechatpayEncryptResource, wechatpaySignatureHeaders, signtestHeaders as wechatpaySigntestHeaders } from './wechatpay/crypto';
export * as wechatpaySandboxKeys from './wechatpay/keys';
