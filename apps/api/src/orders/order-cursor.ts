/**
 * The opaque `nextCursor` of `GET /orders`: the (created_at, id) of the last order on a page, so the next page
 * continues strictly after it (keyset pagination: cost independent of how deep one pages, and stable while new
 * orders arrive). An unreadable cursor is a 400, never a silent first page.
 */
export interface OrderCursor {
  createdAtMs: number;
  id: string;
}

export function encodeOrderCursor(cursor: OrderCursor): string {
  return Buffer.from(`${cursor.createdAtMs}:${cursor.id}`, 'utf8').toString('base64url');
}

export function decodeOrderCursor(text: string): OrderCursor | null {
  const match = /^(\d{1,15}):([0-9a-f-]{36})$/.exec(Buffer.from(text, 'base64url').toString('utf8'));
  if (!match) return null;
  return { createdAtMs: Number(match[1]), id: match[2] };
}
