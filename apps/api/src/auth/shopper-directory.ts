import { Injectable } from '@nestjs/common';
import { Sql, sqlStatement } from '../common/database/sql';

/** Every /pay that creates an attempt asks for the payer's openid: one prepared statement (common/database/sql.ts). */
const SELECT_OPENID = sqlStatement('users_select_openid', 'SELECT openid FROM users WHERE id = $1');

/** How many shoppers' openids one process remembers (≈ 100 bytes each). */
export const OPENID_CACHE_SIZE = 10_000;

/** What other modules may know about a shopper: their openid (a provider needs it as the payer). */
@Injectable()
export class ShopperDirectory {
  /**
   * A user's openid never changes: login upserts by openid and only ever updates the session key, and users are
   * not deleted. So a remembered openid cannot go stale, on this instance or any other, and a shopper paying again
   * (a retry, the next order) saves a database round trip on the hot path. Oldest entries are forgotten first.
   */
  private readonly openids = new Map<string, string>();

  constructor(private readonly sql: Sql) {}

  async openidOf(userId: string): Promise<string> {
    const known = this.openids.get(userId);
    if (known !== undefined) return known;
    const [row] = await this.sql.rows<{ openid: string }>(SELECT_OPENID, [userId]);
    if (!row) throw new Error(`user ${userId} not found`);
    if (this.openids.size >= OPENID_CACHE_SIZE) this.openids.delete(this.openids.keys().next().value!);
    this.openids.set(userId, row.openid);
    return row.openid;
  }
}
