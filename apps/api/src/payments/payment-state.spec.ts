import { PaymentStatus } from '@minipay/contracts';
import { PAYMENT_TRANSITIONS, paymentSourcesOf } from './payment-state';

describe('payment attempt state machine', () => {
  it('covers every contract status', () => {
    expect(Object.keys(PAYMENT_TRANSITIONS).sort()).toEqual([...PaymentStatus.options].sort());
  });

  it('never lets a succeeded payment change again', () => {
    expect(PAYMENT_TRANSITIONS.SUCCEEDED).toEqual([]);
    expect(paymentSourcesOf('CANCELLED')).toEqual(['PENDING']);
    expect(paymentSourcesOf('SUCCEEDED').sort()).toEqual(['CANCELLED', 'FAILED', 'PENDING']);
  });
});
