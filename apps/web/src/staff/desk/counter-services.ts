import type { Counter, Service } from '@turnero/api-client';

/**
 * The services ticked when a counter is picked, before any box is touched: those it serves now (if
 * open), else every active one it may serve (`servable`: the active services it may serve).
 */
export function defaultServices(counter: Pick<Counter, 'open' | 'openServiceIds'>, servable: readonly Pick<Service, 'id'>[]): string[] {
  const active = servable.map((s) => s.id);
  return counter.open && counter.openServiceIds.length > 0 ? counter.openServiceIds.filter((id) => active.includes(id)) : active;
}

/** What the boxes show: the services ticked by hand on this counter (still servable), else its defaults. */
export function chosenServices(
  counter: Pick<Counter, 'id' | 'open' | 'openServiceIds'>,
  servable: readonly Pick<Service, 'id'>[],
  picked: { counterId: string; serviceIds: readonly string[] } | null,
): string[] {
  if (picked?.counterId !== counter.id) return defaultServices(counter, servable);
  return picked.serviceIds.filter((id) => servable.some((s) => s.id === id));
}
