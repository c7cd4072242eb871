import { Uuid } from '@minipay/contracts';
import { newRowId } from './row-id';

describe('newRowId', () => {
  it('is a UUID the contracts accept, and ids sort in the order they were made (so inserts append to indexes)', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 2000; i++) {
      ids.push(newRowId());
      if (i % 500 === 0) await new Promise((resolve) => setTimeout(resolve, 2));
    }
    expect(ids.every((id) => Uuid.safeParse(id).success)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });
});
