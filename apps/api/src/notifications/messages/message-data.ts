/**
 * What each notification says, and nothing more. A message names the visit (office, procedure,
 * time, code), never the person: no name ("Estimado/a"), no document, no address or phone. The
 * sender reads the recipient's address or phone separately, only when it sends.
 */

/** The office as a message shows it: where it is, and its public contact (every message gives it when set). */
export interface MessageOffice {
  name: string;
  address: string | null;
  /** IANA zone: every time in the message is in the office's zone. */
  timeZone: string;
  /** The office's public phone (E.164), when it has one (offices.contact_phone). */
  contactPhone?: string | null;
  /** The office's public email address, when it has one (offices.contact_email). */
  contactEmail?: string | null;
}

/** The procedure as a message shows it. */
export interface MessageService {
  /** The procedure's id: the "pick another time" link preselects it (`/reservar?oficina=…&tramite=…`). */
  id: string;
  name: string;
  /** What to bring, in display order. */
  requirements: string[];
  /** The check-in window: from this many minutes before the appointment… */
  checkInBeforeMinutes: number;
  /** …until this many minutes after its start. */
  checkInGraceMinutes: number;
}

/** The appointment: its code (the applicant's key to it, already in the API's own URLs) and its slot. */
export interface MessageBooking {
  /** The booking's id: the calendar event's UID (`{id}@turnero`, as the .ics the API serves). */
  id: string;
  code: string;
  slotStart: Date;
  slotEnd: Date;
  /** How many people the booking is for: a group (issue #18) takes one seat each; absent or 1 for one person. */
  partySize?: number;
}

/** What a cancellation says of the procedure: its name, and its id for the "book again" link. */
export type MessageServiceRef = Pick<MessageService, 'id' | 'name'>;
/** What a message with no calendar event says of the appointment. */
export type MessageBookingRef = Pick<MessageBooking, 'code' | 'slotStart' | 'partySize'>;

interface Common {
  /** PUBLIC_URL, without a trailing slash. */
  publicUrl: string;
  officeId: string;
  office: MessageOffice;
}

export interface BookingConfirmed extends Common {
  kind: 'booking_confirmed';
  service: MessageService;
  booking: MessageBooking;
}

export interface BookingRescheduled extends Common {
  kind: 'booking_rescheduled';
  service: MessageService;
  /** The booking at its new time. */
  booking: MessageBooking;
  /** The previous slot's start, to say what changed. */
  previousSlotStart: Date;
  /**
   * The calendar event's SEQUENCE: higher than the last .ics sent for this booking, so calendar
   * apps replace the event instead of adding a second one (e.g. the number of reschedules).
   */
  sequence: number;
}

export interface BookingCancelled extends Common {
  kind: 'booking_cancelled';
  service: MessageServiceRef;
  booking: MessageBookingRef;
}

export interface BookingCancelledByOffice extends Common {
  kind: 'booking_cancelled_by_office';
  service: MessageServiceRef;
  booking: MessageBookingRef;
  /** The closure's reason, as staff wrote it (public: it is shown on the booking site too). */
  reason: string;
}

export interface Reminder extends Common {
  kind: 'reminder';
  service: Omit<MessageService, 'id'>;
  booking: MessageBookingRef;
  /** One-click unsubscribe (RFC 8058), served by the outbox: `${publicUrl}/api/v1/notifications/unsubscribe/{token}`. */
  unsubscribeUrl: string;
}

export interface Rating extends Common {
  kind: 'rating';
  serviceName: string;
  /** The ticket's number ("R-012"). */
  number: string;
  completedAt: Date;
  /** The ticket's tracking code: the turn page's key, where the rating form is. */
  trackingCode: string;
}

export interface OfficeNotice extends Common {
  kind: 'office_notice';
  /** The notice's text, as staff wrote it. */
  message: string;
  /** The period it is in force (shown in the office's zone). */
  from: Date;
  to: Date;
  /** The recipient's appointment in that period (why they are told): procedure, day, time and code. */
  appointment?: { service: Pick<MessageService, 'name'>; booking: MessageBookingRef };
}

export type MessageData = BookingConfirmed | BookingRescheduled | BookingCancelled | BookingCancelledByOffice | Reminder | Rating | OfficeNotice;
export type MessageKind = MessageData['kind'];
export const MESSAGE_KINDS: readonly MessageKind[] = ['booking_confirmed', 'booking_rescheduled', 'booking_cancelled', 'booking_cancelled_by_office', 'reminder', 'rating', 'office_notice'];
