/** The notifications' words: pure functions from a message's data to an email or an SMS text. */
export type { MessageBooking, MessageBookingRef, MessageData, MessageKind, MessageOffice, MessageService, MessageServiceRef } from './message-data.js';
export { MESSAGE_KINDS } from './message-data.js';
export { type EmailAttachment, type RenderedEmail, renderEmail } from './render-email.js';
export { countSegments, MAX_SMS_SEGMENTS, renderSms, type SmsMessageData, type SmsSegments, toGsm7 } from './sms.js';
