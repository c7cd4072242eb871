import { Injectable } from '@nestjs/common';
import { Sql, sqlStatement } from '../common/database/sql';

/** Every /pay that creates an attempt asks for the payer's openid: one prepared statement (common/database/sql.ts). */
const SELECT_OPENID = sqlStatement('users_select_openid', 'SELECT openid FROM users WHERE id = $1');

/** What other modules may know about a shopper: their openid (a provider needs it as the payer). */
@Injectable()
export class ShopperDirectory {
  constructor(private readonly sql: Sql) {}

  async openidOf(userId: string): Promise<string> {
    const [row] = await this.sql.rows<{ openid: string }>(SELECT_OPENID, [userId]);
    if (!row) throw new Error(`user ${userId} not found`);
    return row.openid;
  }
}
