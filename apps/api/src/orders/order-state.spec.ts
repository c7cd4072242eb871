import { OrderStatus } from '@minipay/contracts';
import { canTransition, ORDER_TRANSITIONS, sourcesOf } from './order-state';

describe('order state machine', () => {
  it('covers every contract status', () => {
    expect(Object.keys(ORDER_TRANSITIONS).sort()).toEqual([...OrderStatus.options].sort());
  });

  it.each<[OrderStatus, OrderStatus]>([
    ['PENDING_PAYMENT', 'PAID'],
    ['PENDING_PAYMENT', 'CLOSED'],
    ['CLOSED', 'PAID'],
    ['PAID', 'FULFILLED'],
    ['PAID', 'PARTIALLY_REFUNDED'],
    ['PARTIALLY_REFUNDED', 'REFUNDED'],
    ['FULFILLED', 'REFUNDED'],
  ])('allows %s → %s', (from, to) => {
    expect(canTransition(from, to)).toBe(true);
  });

  it.each<[OrderStatus, OrderStatus]>([
    ['PAID', 'PENDING_PAYMENT'],
    ['PAID', 'CLOSED'],
    ['PAID', 'PAID'],
    ['FULFILLED', 'PAID'],
    ['REFUNDED', 'PAID'],
    ['REFUNDED', 'PARTIALLY_REFUNDED'],
    ['CLOSED', 'PENDING_PAYMENT'],
    ['PENDING_PAYMENT', 'REFUNDED'],
  ])('forbids %s → %s (forward-only)', (from, to) => {
    expect(canTransition(from, to)).toBe(false);
  });

  it('derives the WHERE clause of the PAID transition from the table', () => {
    expect(sourcesOf('PAID').sort()).toEqual(['CLOSED', 'PENDING_PAYMENT']);
  });
});
