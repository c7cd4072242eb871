import { Injectable, Logger } from '@nestjs/common';
import type { Money, PaymentStatus } from '@minipay/contracts';
import { ProviderRejectedError } from '../../../common/errors/provider-errors';
import { providerFetch, ProviderHttpOptions, providerHttpOptions } from '../../../common/http/provider-http';
import { AppSettings } from '../../../config/app-config';
import { CurrencyNotSupportedError, MoneyConversionError } from '../money';
import {
  CreatedPayment,
  CreatePaymentInput,
  PaymentLocator,
  PaymentProvider,
  PaymentSnapshot,
  ProviderNotification,
  RefundInput,
  RefundLocator,
  RefundSnapshot,
  WebhookPayloadError,
} from '../payment-provider';
import { IntentsAccessToken } from './intents-access-token';
import { fromIntentsAmount, toIntentsAmount } from './intents-currency';
import { verifyIntentsSignature } from './intents-signature';
import { CreateIntentBody, CreateIntentData, Envelope, INTENTS_CODES, IntentData, IntentStatus, NotifyBody, RefundData } from './intents.wire';

interface EnvelopeReply {
  code: number;
  data: unknown;
  message: string;
  httpStatus: number;
}

/** Adapter for the payment-intents provider (docs/providers.md §3). */
@Injectable()
export class IntentsPaymentProvider extends PaymentProvider {
  readonly name = 'intents' as const;
  private readonly logger = new Logger('IntentsProvider');
  private readonly http: ProviderHttpOptions;
  private readonly token: IntentsAccessToken;

  constructor(private readonly settings: AppSettings) {
    super();
    const c = settings.values;
    this.http = providerHttpOptions(c);
    this.token = new IntentsAccessToken(c.INTENTS_BASE_URL, c.INTENTS_CLIENT_ID, c.INTENTS_API_KEY, this.http);
  }

  override assertChargeable(amount: Money): void {
    this.toWireAmount('intents.create', amount);
  }

  async createPayment(input: CreatePaymentInput): Promise<CreatedPayment> {
    const c = this.settings.values;
    const body: CreateIntentBody = {
      amount: this.toWireAmount('intents.create', input.amount),
      currency: input.amount.currency,
      merchant_order_id: input.reference,
      description: input.description,
      notify_url: input.notifyUrl,
      payment_method: { type: 'wechat', wechat: { flow: 'mini_program', sub_appid: c.WECHAT_APP_ID, sub_openid: input.openid } },
    };
    const reply = await this.call('intents.create', '/pa/payment_intents/create', body);
    if (reply.code !== INTENTS_CODES.OK) throw this.rejection('intents.create', reply);
    const data = CreateIntentData.parse(reply.data);
    // appId is not a wx.requestPayment parameter: pass through only what it takes.
    const { appId: _appId, ...requestPayment } = data.next_action.data;
    return { providerPaymentId: data.order_id, status: mapStatus(data.status), requestPayment };
  }

  async queryPayment(input: PaymentLocator): Promise<PaymentSnapshot> {
    const reply = await this.call('intents.query', '/pa/payment_intents/query', locate(input));
    if (reply.code === INTENTS_CODES.NOT_FOUND) return { found: false, status: 'PENDING' };
    if (reply.code !== INTENTS_CODES.OK) throw this.rejection('intents.query', reply);
    return this.snapshot(IntentData.parse(reply.data));
  }

  async cancelPayment(input: PaymentLocator): Promise<PaymentSnapshot> {
    const reply = await this.call('intents.cancel', '/pa/payment_intents/cancel', locate(input)); // (ours)
    if (reply.code === INTENTS_CODES.NOT_FOUND) return { found: false, status: 'CANCELLED' };
    if (reply.code === INTENTS_CODES.OK || reply.code === INTENTS_CODES.ALREADY_PAID) {
      const data = IntentData.safeParse(reply.data);
      if (data.success) return this.snapshot(data.data);
      if (reply.code === INTENTS_CODES.OK) return { found: true, status: 'CANCELLED' };
      return this.queryPayment(input);
    }
    throw this.rejection('intents.cancel', reply);
  }

  async refundPayment(input: RefundInput): Promise<RefundSnapshot> {
    const amount = this.toWireAmount('intents.refund', input.amount);
    const reply = await this.call('intents.refund', '/pa/refunds/create', {
      order_id: input.payment.providerPaymentId ?? undefined,
      merchant_order_id: input.payment.providerPaymentId ? undefined : input.payment.reference,
      merchant_refund_id: input.refundReference,
      amount,
      reason: input.reason,
    }); // (ours)
    if (reply.code !== INTENTS_CODES.OK) throw this.rejection('intents.refund', reply);
    return this.refundSnapshot(RefundData.parse(reply.data));
  }

  async queryRefund(input: RefundLocator): Promise<RefundSnapshot> {
    const body = input.providerRefundId ? { refund_id: input.providerRefundId } : { merchant_refund_id: input.refundReference };
    const reply = await this.call('intents.refund_query', '/pa/refunds/query', body); // (ours)
    if (reply.code !== INTENTS_CODES.OK) throw this.rejection('intents.refund_query', reply);
    return this.refundSnapshot(RefundData.parse(reply.data));
  }

  parseNotification(rawBody: Buffer, headers: Record<string, string | string[] | undefined>, now = new Date()): ProviderNotification {
    const c = this.settings.values;
    verifyIntentsSignature(rawBody, headers, c.INTENTS_WEBHOOK_SECRET, c.WEBHOOK_TOLERANCE_SECONDS, now);
    let json: unknown;
    try {
      json = JSON.parse(rawBody.toString('utf8'));
    } catch {
      throw new WebhookPayloadError('body is not JSON');
    }
    const parsed = NotifyBody.safeParse(json);
    if (!parsed.success) throw new WebhookPayloadError('not a payment-intents notification');
    const { notify_type, data } = parsed.data;
    const acknowledgement = { contentType: 'application/json', body: JSON.stringify({ code: 0, message: 'ok' }) };
    switch (notify_type) {
      case 'payment_success':
        // It carries no amount: the service confirms with a query before acting on it.
        return {
          acknowledgement,
          events: [{ kind: 'payment', eventKey: `payment_success:${data.order_id}`, reference: data.merchant_order_id, providerPaymentId: data.order_id }],
        };
      case 'refund_success':
        return {
          acknowledgement,
          events: [
            {
              kind: 'refund',
              eventKey: `refund_success:${data.refund_id ?? data.merchant_refund_id ?? data.order_id}`,
              reference: data.merchant_order_id,
              providerPaymentId: data.order_id,
              providerRefundId: data.refund_id,
              refundReference: data.merchant_refund_id,
            },
          ],
        };
      default:
        return { acknowledgement, events: [{ kind: 'ignored', eventKey: `${notify_type}:${data.order_id}`, why: `unhandled notify_type ${notify_type}` }] };
    }
  }

  /** Our minor units → the wire string, before any call: a currency or fraction it cannot take is a 422, never a guess. */
  private toWireAmount(operation: string, amount: Money): string {
    try {
      return toIntentsAmount(amount, this.settings.values.INTENTS_AMOUNT_UNIT);
    } catch (error) {
      if (error instanceof MoneyConversionError) throw new CurrencyNotSupportedError(operation, error);
      throw error;
    }
  }

  private fromWireAmount(operation: string, amount: string, currency: string): Money {
    try {
      return fromIntentsAmount(amount, currency, this.settings.values.INTENTS_AMOUNT_UNIT);
    } catch (error) {
      if (error instanceof MoneyConversionError) throw new ProviderRejectedError(operation, 'CURRENCY', error.message);
      throw error;
    }
  }

  private snapshot(data: IntentData): PaymentSnapshot {
    return {
      found: true,
      status: mapStatus(data.status),
      providerPaymentId: data.order_id,
      amount: this.fromWireAmount('intents.query', data.amount, data.currency),
      paidAt: data.pay_time ? new Date(data.pay_time) : undefined,
    };
  }

  private refundSnapshot(data: RefundData): RefundSnapshot {
    const status = data.status === 'SUCCEEDED' ? 'SUCCEEDED' : data.status === 'FAILED' ? 'FAILED' : 'PENDING';
    return { status, providerRefundId: data.refund_id, amount: this.fromWireAmount('intents.refund_query', data.amount, data.currency) };
  }

  /** One authenticated call; a 401 means our cached token went stale, so refresh it and retry once. */
  private async call(operation: string, path: string, body: unknown): Promise<EnvelopeReply> {
    for (let attempt = 0; ; attempt++) {
      const token = await this.token.get();
      const reply = await providerFetch(
        { operation, method: 'POST', url: `${this.settings.values.INTENTS_BASE_URL}${path}`, headers: { authorization: `Bearer ${token}` }, body },
        this.http,
      );
      const envelope = Envelope.safeParse(reply.body);
      if (!envelope.success) throw new ProviderRejectedError(operation, reply.status, 'reply is not the {code,data,message,rid} envelope', reply.status);
      if ((reply.status === 401 || envelope.data.code === INTENTS_CODES.UNAUTHORIZED) && attempt === 0) {
        this.token.invalidate();
        continue;
      }
      this.logger.debug({ operation, code: envelope.data.code, rid: envelope.data.rid, attempts: reply.attempts }, 'provider call');
      return { code: envelope.data.code, data: envelope.data.data, message: envelope.data.message ?? '', httpStatus: reply.status };
    }
  }

  private rejection(operation: string, reply: EnvelopeReply): ProviderRejectedError {
    return new ProviderRejectedError(operation, reply.code, reply.message || 'error', reply.httpStatus);
  }
}

/** Exhaustive: a new provider status is a compile error here, never a silent "pending". */
function mapStatus(status: IntentStatus): PaymentStatus {
  switch (status) {
    case 'PENDING':
      return 'PENDING';
    case 'SUCCEEDED':
      return 'SUCCEEDED';
    case 'CANCELLED':
      return 'CANCELLED';
  }
}

function locate(input: PaymentLocator): Record<string, string> {
  return input.providerPaymentId ? { order_id: input.providerPaymentId, merchant_order_id: input.reference } : { merchant_order_id: input.reference };
}
