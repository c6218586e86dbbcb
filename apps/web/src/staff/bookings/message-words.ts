import type { TFunction } from 'i18next';

/** Message kinds the console has words for; a kind added later reads as "another message". */
const KINDS = ['rating', 'booking_confirmed', 'booking_rescheduled', 'booking_cancelled', 'booking_cancelled_by_office', 'booking_reminder', 'office_notice'];

/** Why a message was skipped, as the outbox records it (docs/architecture.md, "Notifications"). */
const SKIP_REASONS = [
  'no_booking',
  'no_address',
  'no_phone',
  'no_consent',
  'outdated',
  'unsubscribed',
  'too_late',
  'channel_off',
  'switched_off',
  'unsupported',
  'answered',
  'expired',
  'office_off',
  'not_completed',
];

/** What a message is about, in words. */
export function messageKind(t: TFunction<'staff'>, kind: string): string {
  return KINDS.includes(kind) ? t(`bookings.kinds.${kind}`) : t('bookings.kinds.other');
}

/** Why a message was skipped, or the code of its last failure (an SMTP or SMS provider code), in words. */
export function messageReason(t: TFunction<'staff'>, reason: string | null): string {
  if (reason === null) return '';
  return SKIP_REASONS.includes(reason) ? t(`bookings.reasons.${reason}`) : t('bookings.reasons.failure', { code: reason });
}
