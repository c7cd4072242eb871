import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { ProviderName } from '@minipay/contracts';
import { Repository } from 'typeorm';
import { Payment } from './payment.entity';
import { PaymentNotFoundError } from './payment-errors';

/** Read access to payment attempts for the modules that do not own them (refunds, webhooks, views). */
@Injectable()
export class PaymentAttempts {
  constructor(@InjectRepository(Payment) private readonly payments: Repository<Payment>) {}

  byId(id: string): Promise<Payment> {
    return this.payments.findOneByOrFail({ id });
  }

  /** One attempt of one order; 404 PAYMENT_NOT_FOUND when the order has none with that id. */
  async ofOrder(orderId: string, paymentId: string): Promise<Payment> {
    const payment = await this.payments.findOneBy({ id: paymentId, orderId });
    if (!payment) throw new PaymentNotFoundError();
    return payment;
  }

  firstSucceeded(orderId: string): Promise<Payment | null> {
    return this.payments.findOne({ where: { orderId, status: 'SUCCEEDED' }, order: { attempt: 'ASC' } });
  }

  /** The attempt a provider's notification is about: by provider and our reference, or by its payment id there. */
  async forNotification(provider: ProviderName, reference: string, providerPaymentId: string | undefined): Promise<Payment | null> {
    const byReference = await this.payments.findOneBy({ provider, reference });
    if (byReference) return byReference;
    return providerPaymentId ? this.payments.findOneBy({ provider, providerPaymentId }) : null;
  }
}
