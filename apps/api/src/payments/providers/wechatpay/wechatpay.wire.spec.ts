import { fromFen, mapRefundStatus, mapTradeState, RefundStatusWire, toFen, TradeState } from './wechatpay.wire';

describe('WeChat Pay v3 wire mappings', () => {
  it('maps every trade_state: paid (also once refunded), waiting, closed, failed', () => {
    const mapped = Object.fromEntries(TradeState.options.map((s) => [s, mapTradeState(s)]));
    expect(mapped).toEqual({
      SUCCESS: 'SUCCEEDED',
      REFUND: 'SUCCEEDED',
      NOTPAY: 'PENDING',
      USERPAYING: 'PENDING',
      CLOSED: 'CANCELLED',
      REVOKED: 'CANCELLED',
      PAYERROR: 'FAILED',
    });
  });

  it('maps every refund status; ABNORMAL and CLOSED end the refund unpaid', () => {
    const mapped = Object.fromEntries(RefundStatusWire.options.map((s) => [s, mapRefundStatus(s)]));
    expect(mapped).toEqual({ SUCCESS: 'SUCCEEDED', PROCESSING: 'PENDING', ABNORMAL: 'FAILED', CLOSED: 'FAILED' });
  });

  it('CNY minor units are fen; other currencies and fractional values are refused', () => {
    expect(toFen({ value: 1990, currency: 'CNY' })).toBe(1990);
    expect(fromFen(1990)).toEqual({ value: 1990, currency: 'CNY' });
    expect(() => toFen({ value: 1990, currency: 'HKD' })).toThrow(/CNY only/);
    expect(() => toFen({ value: 19.9, currency: 'CNY' })).toThrow(/integer/);
  });
});
