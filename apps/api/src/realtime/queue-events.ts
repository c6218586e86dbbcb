/** A call as the waiting-room screens show it (API.md): numbers and counters, never a name. */
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

/** What a display receives on connect (API.md `queue.snapshot`). */
export interface DisplaySnapshot {
  officeId: string;
  /** The last calls; a group's as one entry (`partySize`, and `numbers` for one ticket per person). */
  called: { number: string; counter: string; calledAt: string; partySize?: number; numbers?: string[] }[];
  waitingCount: number;
}

/** What the "follow your turn" page shows for a tracking code; no personal data. */
export interface TurnView {
  number: string;
  status: string;
  serviceName: string;
  officeName: string;
  /** Tickets ahead in the order they will be called; null once called. */
  position: number | null;
  estimatedWaitMinutes: number | null;
  counter: string | null;
  calledAt: string | null;
  canAskForMoreTime: boolean;
  /** A completed ticket not yet rated, within the survey's days: the page asks for a rating (POST /turns/{trackingCode}/survey). */
  canAnswerSurvey: boolean;
}

/**
 * Where the queue tells the world that something changed. The tickets module calls it after each
 * committed change; the realtime module implements it with socket.io (fanned out across API
 * instances through Redis). Calls must not throw: a display that misses an event catches up from
 * the snapshot on reconnect.
 */
export abstract class QueueEvents {
  /** A ticket was called or recalled at a counter: every display of the office, at once. */
  abstract ticketCalled(officeId: string, event: TicketCalledEvent): void;
  /** The office's queue changed (issue, call, transfer, close…): staff consoles and display counts refresh. */
  abstract queueChanged(officeId: string): void;
  /** A ticket's own state or position changed: its "follow your turn" page refreshes. */
  abstract turnChanged(trackingCode: string): void;
}

/**
 * Read side the realtime module needs from the tickets module, to send snapshots on connect.
 * The tickets module provides it.
 */
export abstract class QueueReadModel {
  abstract displaySnapshot(officeId: string): Promise<DisplaySnapshot>;
  /** null for an unknown tracking code. */
  abstract turn(trackingCode: string): Promise<TurnPage | null>;
  /**
   * The pages of these waiting tickets of one office, from one read of its queue (positions move
   * for everybody when anybody is called). Codes of tickets no longer waiting are left out.
   */
  abstract waitingTurns(officeId: string, trackingCodes: readonly string[]): Promise<Map<string, TurnView>>;
}

/** A turn page with the office it belongs to (for the server's own bookkeeping, never sent). */
export interface TurnPage extends TurnView {
  officeId: string;
}

/** What the applicant's page receives: the page without the server's bookkeeping. */
export function publicTurn(page: TurnPage | TurnView): TurnView {
  if (!('officeId' in page)) return page;
  const { officeId: _officeId, ...view } = page;
  return view;
}
