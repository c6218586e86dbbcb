export { holdUntil, MIN_HOLD_MINUTES, slotMatchesWishes, WAITLIST_MORNING_ENDS_HOUR, waitlistSlotFacts, type WaitlistSlotFacts, type WaitlistWishes } from './waitlist.js';
