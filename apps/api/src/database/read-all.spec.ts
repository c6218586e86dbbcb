import type { EntityManager } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { readAll } from './read-all.js';

/** Reads that note how many of them run at the same time. */
function probe() {
  let running = 0;
  let most = 0;
  const read = (value: string) => async () => {
    most = Math.max(most, ++running);
    await new Promise((resolve) => setTimeout(resolve, 5));
    running--;
    return value;
  };
  return { read, most: () => most };
}

describe('readAll', () => {
  it('reads at once on the pool', async () => {
    const { read, most } = probe();
    expect(await readAll({} as EntityManager, [read('a'), read('b'), read('c')])).toEqual(['a', 'b', 'c']);
    expect(most()).toBe(3);
  });

  it("reads one after the other on a transaction's connection, in order", async () => {
    const { read, most } = probe();
    expect(await readAll({ queryRunner: {} } as EntityManager, [read('a'), read('b'), read('c')])).toEqual(['a', 'b', 'c']);
    expect(most()).toBe(1);
  });
});
