import { describe, expect, it } from 'vitest';
import { mayCallOutOfOrder, ticketsAhead } from './out-of-order.js';

describe('calling out of order at the desk', () => {
  it('is offered to supervisors and admins, and to agents only with the permission', () => {
    expect(mayCallOutOfOrder({ role: 'supervisor', canCallOutOfOrder: false })).toBe(true);
    expect(mayCallOutOfOrder({ role: 'admin', canCallOutOfOrder: false })).toBe(true);
    expect(mayCallOutOfOrder({ role: 'agent', canCallOutOfOrder: true })).toBe(true);
    expect(mayCallOutOfOrder({ role: 'agent', canCallOutOfOrder: false })).toBe(false);
    expect(mayCallOutOfOrder(null)).toBe(false);
  });

  it("counts the people passed over: those ahead in the counter's lines, not in lines it does not call", () => {
    const waiting = [
      { id: '1', serviceId: 'T' },
      { id: '2', serviceId: 'R' },
      { id: '3', serviceId: 'E' },
      { id: '4', serviceId: 'T' },
      { id: '5', serviceId: 'E' },
      { id: '6', serviceId: 'T' },
    ];
    // Open for T only: the E ticket's own line counts too, R does not.
    expect(ticketsAhead(waiting, { id: '5', serviceId: 'E' }, ['T'])).toBe(3);
    expect(ticketsAhead(waiting, { id: '6', serviceId: 'T' }, ['T'])).toBe(2);
    expect(ticketsAhead(waiting, { id: '1', serviceId: 'T' }, ['T'])).toBe(0);
    expect(ticketsAhead(waiting, { id: 'gone', serviceId: 'T' }, ['T'])).toBe(0);
  });
});
