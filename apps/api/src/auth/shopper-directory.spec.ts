import type { Sql } from '../common/database/sql';
import { OPENID_CACHE_SIZE, ShopperDirectory } from './shopper-directory';

/** A stand-in for Sql that answers the openid lookup from a table and counts the round trips. */
function fakeSql(openids: Record<string, string>) {
  const asked: string[] = [];
  const sql = {
    rows: async (_statement: unknown, [userId]: string[]) => {
      asked.push(userId);
      return userId in openids ? [{ openid: openids[userId] }] : [];
    },
  };
  return { sql: sql as unknown as Sql, asked };
}

describe('ShopperDirectory', () => {
  it('asks the database once per shopper: an openid never changes, so the next /pay of the same shopper saves the round trip', async () => {
    const { sql, asked } = fakeSql({ u1: 'o-one', u2: 'o-two' });
    const directory = new ShopperDirectory(sql);
    expect(await directory.openidOf('u1')).toBe('o-one');
    expect(await directory.openidOf('u1')).toBe('o-one');
    expect(await directory.openidOf('u2')).toBe('o-two');
    expect(asked).toEqual(['u1', 'u2']);
  });

  it('remembers no unknown user (a missing row is an error every time, never a cached answer)', async () => {
    const { sql, asked } = fakeSql({});
    const directory = new ShopperDirectory(sql);
    await expect(directory.openidOf('ghost')).rejects.toThrow('user ghost not found');
    await expect(directory.openidOf('ghost')).rejects.toThrow('user ghost not found');
    expect(asked).toEqual(['ghost', 'ghost']);
  });

  it(`keeps at most ${OPENID_CACHE_SIZE} shoppers, forgetting the oldest first`, async () => {
    const table = Object.fromEntries(Array.from({ length: OPENID_CACHE_SIZE + 1 }, (_, i) => [`u${i}`, `o${i}`]));
    const { sql, asked } = fakeSql(table);
    const directory = new ShopperDirectory(sql);
    for (let i = 0; i <= OPENID_CACHE_SIZE; i++) await directory.openidOf(`u${i}`);
    asked.length = 0;
    await directory.openidOf(`u${OPENID_CACHE_SIZE}`); // the newest: remembered
    await directory.openidOf('u1'); // still remembered
    await directory.openidOf('u0'); // the oldest: forgotten when the limit was passed
    expect(asked).toEqual(['u0']);
  });
});
