import type { EntityManager } from 'typeorm';

/**
 * Independent reads for one answer: at once on the pool, one after the other on a transaction's
 * connection (a connection runs one query at a time: pg queues a second one with a deprecation
 * warning today and will refuse it in pg@9).
 */
export async function readAll<T extends readonly unknown[]>(manager: EntityManager, reads: { readonly [K in keyof T]: () => Promise<T[K]> }): Promise<T> {
  if (!manager.queryRunner) return (await Promise.all(reads.map((read) => read()))) as unknown as T;
  const results: unknown[] = [];
  for (const read of reads) results.push(await read());
  return results as unknown as T;
}
