/**
 * The socket.io contract of docs/realtime.md, which OpenAPI does not describe. Keep in step with
 * apps/api/src/realtime/ (realtime-events.ts, queue-events.ts). Clients only listen.
 */

/** `/display`: waiting-room screens (public; numbers and counters only). */
export interface DisplaySnapshot {
  officeId: string;
  /** Newest first; a group that checked in together is one call (its size, and all its numbers with one ticket per person). */
  called: { number: string; counter: string; calledAt: string; partySize?: number; numbers?: string[] }[];
  waitingCount: number;
}
export interface TicketCalledEvent {
  number: string;
  /** The counter's name ("Módulo 3"). */
  counter: string;
  calledAt: string;
  recall: boolean;
  /** A group that checked in together (absent for one person): how many people come to the counter. */
  partySize?: number;
  /** A group with one ticket per person: all its numbers (`number` is the first), called together. */
  numbers?: string[];
}
export interface DisplayQueueChanged {
  officeId: string;
  waitingCount: number;
}
/** An office's notices changed (one published or deleted): those in force now, as GET /offices/{officeId}/notices answers. */
export interface DisplayNoticesChanged {
  officeId: string;
  notices: { id: string; message: string; from: string; to: string }[];
}
export interface DisplayEvents {
  'queue.snapshot': (snapshot: DisplaySnapshot) => void;
  'ticket.called': (event: TicketCalledEvent) => void;
  'queue.changed': (event: DisplayQueueChanged) => void;
  'notices.changed': (event: DisplayNoticesChanged) => void;
}

/** `/staff`: desk consoles; `queue.changed` means "refetch GET /offices/{officeId}/queue". */
export interface StaffQueueChanged {
  officeId: string;
}
export interface StaffEvents {
  'queue.changed': (event: StaffQueueChanged) => void;
}

/** `/turns`: the applicant's "follow your turn" page. */
export interface TurnView {
  number: string;
  status: string;
  serviceName: string;
  officeName: string;
  /** Tickets ahead; null once called. */
  position: number | null;
  estimatedWaitMinutes: number | null;
  counter: string | null;
  calledAt: string | null;
  canAskForMoreTime: boolean;
  /** Completed (`done`), not yet rated, within 7 days: the page may ask for a rating (POST /turns/{trackingCode}/survey). */
  canAnswerSurvey: boolean;
}
export interface TurnEvents {
  'turn.snapshot': (turn: TurnView) => void;
  'turn.changed': (turn: TurnView) => void;
}

/** Every namespace: its handshake `auth`, the events the server emits, and the one it sends on (re)connection. */
export interface RealtimeNamespaces {
  '/display': { auth: { officeId: string }; events: DisplayEvents; snapshot: 'queue.snapshot' };
  /** `officeId` only for admins; others follow their own office. */
  '/staff': { auth: { token: string; officeId?: string }; events: StaffEvents; snapshot: never };
  '/turns': { auth: { trackingCode: string }; events: TurnEvents; snapshot: 'turn.snapshot' };
}
export type RealtimeNamespace = keyof RealtimeNamespaces;

/** The event each namespace sends on every (re)connection, to redraw from. */
export const SNAPSHOT_EVENTS: { [N in RealtimeNamespace]: RealtimeNamespaces[N]['snapshot'] | null } = {
  '/display': 'queue.snapshot',
  '/staff': null,
  '/turns': 'turn.snapshot',
};

/** Codes a refused handshake carries in `connect_error` (`err.message`, and `err.data.error`). */
export type HandshakeErrorCode = 'UNAUTHORIZED' | 'FORBIDDEN' | 'OFFICE_REQUIRED' | 'OFFICE_NOT_FOUND' | 'NOT_FOUND' | 'SERVICE_UNAVAILABLE';
