/**
 * Seats per slot once a daily cap is spread over `slotCount` slots of `seatsPerSlot` each.
 *
 * Without a cap, or with a cap at or above the day's seats, every slot keeps `seatsPerSlot`.
 * Below that, the cap is shared as evenly as whole seats allow (largest remainder): every slot gets
 * floor(cap / slots) and the first cap % slots slots one more. Earlier slots get the extra seats
 * because an earlier appointment leaves the applicant the rest of the day to finish their errand,
 * and the result is deterministic, so availability and booking checks always agree.
 * The seats always add up to exactly min(cap, slots × seatsPerSlot).
 */
export function spreadDailyCap(slotCount: number, seatsPerSlot: number, dailyCap: number | null): number[] {
  const seats = Math.max(0, seatsPerSlot);
  if (dailyCap === null || dailyCap >= slotCount * seats) return Array.from({ length: slotCount }, () => seats);
  const cap = Math.max(0, dailyCap);
  const base = Math.floor(cap / slotCount);
  const extra = cap % slotCount;
  return Array.from({ length: slotCount }, (_, index) => base + (index < extra ? 1 : 0));
}
