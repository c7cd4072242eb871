import { RefundStatus } from '@minipay/contracts';
import { bookkeepingOf, REFUND_TRANSITIONS, refundSourcesOf } from './refund-state';

describe('refund state machine', () => {
  it('covers every contract status', () => {
    expect(Object.keys(REFUND_TRANSITIONS).sort()).toEqual([...RefundStatus.options].sort());
  });

  it('a reversed refund is final, a pending one never goes back to pending', () => {
    expect(REFUND_TRANSITIONS.REVERSED).toEqual([]);
    expect(refundSourcesOf('PENDING')).toEqual([]);
    expect(refundSourcesOf('SUCCEEDED').sort()).toEqual(['FAILED', 'PENDING']);
  });

  it.each<[RefundStatus, RefundStatus, { reserved: number; refunded: number }]>([
    ['PENDING', 'SUCCEEDED', { reserved: 0, refunded: 1 }],
    ['PENDING', 'FAILED', { reserved: -1, refunded: 0 }],
    ['SUCCEEDED', 'FAILED', { reserved: -1, refunded: -1 }],
    ['SUCCEEDED', 'REVERSED', { reserved: -1, refunded: -1 }],
    // A late success of a refund we had given up on takes its amount again: it cannot be refunded twice.
    ['FAILED', 'SUCCEEDED', { reserved: 1, refunded: 1 }],
  ])('%s → %s moves the bookkeeping by %j', (from, to, expected) => {
    expect(bookkeepingOf(from, to)).toEqual(expected);
  });
});
