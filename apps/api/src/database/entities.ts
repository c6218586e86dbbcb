import { LoginFailure } from '../auth/login-failure.entity.js';
import { Booking } from '../bookings/booking.entity.js';
import { DayCapacity, SlotCapacity } from '../bookings/slot-capacity.entity.js';
import { OfficeClosure } from '../closures/office-closure.entity.js';
import { CounterSessionLogEntry } from '../counters/counter-session-log.entity.js';
import { CounterSession } from '../counters/counter-session.entity.js';
import { Counter } from '../counters/counter.entity.js';
import { IdempotencyKey } from '../idempotency/idempotency-key.entity.js';
import { ApplicantSession } from '../identity/applicant-session.entity.js';
import { OidcFlowRow } from '../identity/oidc/oidc-flow.entity.js';
import { Notification } from '../notifications/notification.entity.js';
import { OfficeNotice } from '../notices/office-notice.entity.js';
import { Office } from '../offices/office.entity.js';
import { Open311Client } from '../requests/open311-client.entity.js';
import { RequestAttachment } from '../requests/request-attachment.entity.js';
import { RequestEvent } from '../requests/request-event.entity.js';
import { RequestTopic } from '../requests/request-topic.entity.js';
import { Request } from '../requests/request.entity.js';
import { ServiceEntity } from '../services/service.entity.js';
import { TicketSequence, WalkInTally } from '../tickets/daily-tallies.entity.js';
import { TicketEvent } from '../tickets/ticket-event.entity.js';
import { Ticket } from '../tickets/ticket.entity.js';
import { StaffUser } from '../staff/staff-user.entity.js';
import { SurveyAnswer } from '../surveys/survey-answer.entity.js';
import { WaitlistEntry } from '../waitlist/waitlist-entry.entity.js';
import { WaitlistOffer } from '../waitlist/waitlist-offer.entity.js';

/** Every entity, listed rather than globbed so the same list works compiled, in tests and in the CLI. */
export const ENTITIES = [Office, ServiceEntity, Counter, StaffUser, LoginFailure, OfficeClosure, Booking, SlotCapacity, DayCapacity, IdempotencyKey, CounterSession, CounterSessionLogEntry, Ticket, TicketEvent, TicketSequence, WalkInTally, SurveyAnswer, Notification, OfficeNotice, RequestTopic, Request, RequestEvent, RequestAttachment, Open311Client, WaitlistEntry, WaitlistOffer, OidcFlowRow, ApplicantSession];
