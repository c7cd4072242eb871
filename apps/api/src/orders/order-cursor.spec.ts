import { decodeOrderCursor, encodeOrderCursor } from './order-cursor';

describe('order cursor', () => {
  it('round-trips the last order of a page', () => {
    const cursor = { createdAtMs: 1764670000123, id: '6f1c1e58-9b52-4c43-8f4d-0e1f1a2b3c4d' };
    expect(decodeOrderCursor(encodeOrderCursor(cursor))).toEqual(cursor);
  });

  it.each(['', 'garbage', Buffer.from('12:not-a-uuid').toString('base64url'), Buffer.from('x:6f1c1e58-9b52-4c43-8f4d-0e1f1a2b3c4d').toString('base64url')])(
    'refuses %j',
    (text) => {
      expect(decodeOrderCursor(text)).toBeNull();
    },
  );
});
