import type { StaffUser, Ticket } from '@turnero/api-client';

/** Supervisors and admins may call a ticket out of order; agents once a supervisor granted it. */
export function mayCallOutOfOrder(user: Pick<StaffUser, 'role' | 'canCallOutOfOrder'> | null): boolean {
  return user !== null && (user.role !== 'agent' || user.canCallOutOfOrder);
}

/**
 * How many people calling `ticket` now passes over: those before it in the office's serving order
 * (the queue's `waiting`) whom the counter would call, that is of its open services or of the
 * ticket's own service (the line the API weighs the call against).
 */
export function ticketsAhead(waiting: readonly Pick<Ticket, 'id' | 'serviceId'>[], ticket: Pick<Ticket, 'id' | 'serviceId'>, openServiceIds: readonly string[]): number {
  const position = waiting.findIndex((t) => t.id === ticket.id);
  if (position < 0) return 0;
  return waiting.slice(0, position).filter((t) => t.serviceId === ticket.serviceId || openServiceIds.includes(t.serviceId)).length;
}
