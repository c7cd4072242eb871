import { v7 } from 'uuid';

/**
 * The id of a new row in a table that grows with every order (orders, payments, timeline events, refunds,
 * notifications, outbox, security events): a UUIDv7 (RFC 9562), which starts with its creation time. New ids sort
 * after older ones, so each insert lands on the right-hand pages of the primary-key index (and of every index
 * keyed by an order id) instead of a random page of a large B-tree: with a million orders, random v4 ids made every
 * order+pay dirty and rewrite pages all over the indexes (bench/findings.md, growth). The time in the id is no
 * secret: every one of these rows carries its creation time anyway. Not for secrets or session ids (use randomUUID).
 */
export function newRowId(): string {
  return v7();
}
