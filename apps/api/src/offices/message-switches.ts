import type { Office } from './office.entity.js';

/**
 * The office's message switches as the API names them, and the outbox kind each one turns off
 * (`offices.notifications_off`). The rating request has its own older column (`rating_email`).
 */
export const MESSAGE_SWITCHES = {
  bookingConfirmed: 'booking_confirmed',
  bookingRescheduled: 'booking_rescheduled',
  bookingCancelled: 'booking_cancelled',
  bookingCancelledByOffice: 'booking_cancelled_by_office',
  reminder: 'booking_reminder',
  officeNotice: 'office_notice',
} as const;

export type MessageSwitch = keyof typeof MESSAGE_SWITCHES | 'rating';
export type MessageSwitches = Record<MessageSwitch, boolean>;

const SWITCH_NAMES = Object.keys(MESSAGE_SWITCHES) as (keyof typeof MESSAGE_SWITCHES)[];

/** Every switch of an office, on or off. */
export function messageSwitches(office: Pick<Office, 'notificationsOff' | 'ratingEmail'>): MessageSwitches {
  const off = new Set(office.notificationsOff);
  return {
    ...(Object.fromEntries(SWITCH_NAMES.map((name) => [name, !off.has(MESSAGE_SWITCHES[name])])) as Record<keyof typeof MESSAGE_SWITCHES, boolean>),
    rating: office.ratingEmail,
  };
}

/**
 * The office's columns after a change of some switches (the others keep their value): the kinds
 * switched off, in the order above, and the rating email's flag.
 */
export function applyMessageSwitches(
  office: Pick<Office, 'notificationsOff' | 'ratingEmail'>,
  change: Partial<MessageSwitches>,
): Pick<Office, 'notificationsOff' | 'ratingEmail'> {
  const switches = { ...messageSwitches(office), ...Object.fromEntries(Object.entries(change).filter(([, on]) => on !== undefined)) };
  return {
    notificationsOff: SWITCH_NAMES.filter((name) => !switches[name]).map((name) => MESSAGE_SWITCHES[name]),
    ratingEmail: switches.rating,
  };
}
