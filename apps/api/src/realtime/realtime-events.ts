import type { DisplaySnapshot, TicketCalledEvent, TurnView } from './queue-events.js';

/** The socket contract (docs/realtime.md): namespaces and what the server emits on each. */
export const DISPLAY_NAMESPACE = '/display';
export const STAFF_NAMESPACE = '/staff';
export const TURNS_NAMESPACE = '/turns';

export interface DisplayQueueChanged {
  officeId: string;
  waitingCount: number;
}

/** An office's notices changed (published or deleted): those in force now, as the public GET answers them. */
export interface DisplayNoticesChanged {
  officeId: string;
  notices: { id: string; message: string; from: string; to: string }[];
}

export interface StaffQueueChanged {
  officeId: string;
}

export interface DisplayEvents {
  'queue.snapshot': (snapshot: DisplaySnapshot) => void;
  'ticket.called': (event: TicketCalledEvent) => void;
  'queue.changed': (event: DisplayQueueChanged) => void;
  'notices.changed': (event: DisplayNoticesChanged) => void;
}

export interface StaffEvents {
  'queue.changed': (event: StaffQueueChanged) => void;
}

export interface TurnEvents {
  'turn.snapshot': (turn: TurnView) => void;
  'turn.changed': (turn: TurnView) => void;
}

/** Clients only listen: nothing is accepted from them. */
export type NoEvents = Record<string, never>;
