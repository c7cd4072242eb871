import { X509Certificate, type KeyObject } from 'node:crypto';
import type { ResolvedOptions } from '../config';
import { privateKey, publicKey, type Signer } from './crypto';
import {
  SANDBOX_WECHATPAY_MERCHANT_PUBLIC_KEY,
  SANDBOX_WECHATPAY_PLATFORM_CERT,
  SANDBOX_WECHATPAY_PLATFORM_CERT_PRIVATE_KEY,
  SANDBOX_WECHATPAY_PLATFORM_PRIVATE_KEY,
  SANDBOX_WECHATPAY_PLATFORM_PUBLIC_KEY,
} from './keys';

export interface WechatpayKeys {
  merchantPublicKey: KeyObject;
  merchantPublicKeyPem: string;
  platformPublicKeyPem: string;
  certificate: { serial: string; pem: string; key: KeyObject; notBefore: Date; notAfter: Date };
  /** The key replies and notifications are signed with, per the mode (read at signing time: tests switch it). */
  signer(): Signer;
}

export function wechatpayKeys(options: ResolvedOptions): WechatpayKeys {
  const cert = new X509Certificate(SANDBOX_WECHATPAY_PLATFORM_CERT);
  const certificate = {
    serial: cert.serialNumber.toUpperCase(),
    pem: SANDBOX_WECHATPAY_PLATFORM_CERT,
    key: privateKey(SANDBOX_WECHATPAY_PLATFORM_CERT_PRIVATE_KEY),
    notBefore: new Date(cert.validFrom),
    notAfter: new Date(cert.validTo),
  };
  const publicKeySigner: Signer = { serial: options.credentials.wechatpayPublicKeyId, key: privateKey(SANDBOX_WECHATPAY_PLATFORM_PRIVATE_KEY) };
  return {
    merchantPublicKey: publicKey(SANDBOX_WECHATPAY_MERCHANT_PUBLIC_KEY),
    merchantPublicKeyPem: SANDBOX_WECHATPAY_MERCHANT_PUBLIC_KEY,
    platformPublicKeyPem: SANDBOX_WECHATPAY_PLATFORM_PUBLIC_KEY,
    certificate,
    signer: () => (options.wechatpayMode === 'certificate' ? { serial: certificate.serial, key: certificate.key } : publicKeySigner),
  };
}
