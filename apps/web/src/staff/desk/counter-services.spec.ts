import { describe, expect, it } from 'vitest';
import { chosenServices, defaultServices } from './counter-services.js';

const servable = [{ id: 'T' }, { id: 'E' }, { id: 'C' }];

describe("a counter's services in the picker", () => {
  it('starts with what an open counter serves now, else with all it may serve', () => {
    expect(defaultServices({ open: false, openServiceIds: [] }, servable)).toEqual(['T', 'E', 'C']);
    expect(defaultServices({ open: true, openServiceIds: ['E', 'R'] }, servable)).toEqual(['E']);
    expect(defaultServices({ open: true, openServiceIds: [] }, servable)).toEqual(['T', 'E', 'C']);
  });

  it("keeps the boxes ticked by hand on that counter only, and never a service it may no longer serve", () => {
    const three = { id: 'c3', open: false, openServiceIds: [] };
    const four = { id: 'c4', open: false, openServiceIds: [] };
    const picked = { counterId: 'c3', serviceIds: ['C', 'R'] };
    expect(chosenServices(three, servable, picked)).toEqual(['C']);
    expect(chosenServices(four, servable, picked)).toEqual(['T', 'E', 'C']);
    expect(chosenServices(three, servable, null)).toEqual(['T', 'E', 'C']);
  });
});
