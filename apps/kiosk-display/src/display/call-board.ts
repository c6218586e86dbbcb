import type { DisplaySnapshot, TicketCalledEvent } from '@turnero/api-client';

/** One call on the screen: numbers and counters only, never a name or a document. */
export interface Call {
  number: string;
  counter: string;
  calledAt: string;
  /** A group that checked in together: its size ("Grupo de 4"), and its numbers with one ticket per person. */
  partySize?: number;
  numbers?: string[];
}

/** The call as the board keeps it: only the public fields, a group's when it is one. */
function toCall({ number, counter, calledAt, partySize, numbers }: Call): Call {
  return { number, counter, calledAt, ...(partySize && partySize > 1 ? { partySize } : {}), ...(numbers && numbers.length > 1 ? { numbers } : {}) };
}

/** What the screen shows: the latest calls, newest first, and how many are waiting. */
export interface Board {
  calls: Call[];
  waitingCount: number;
}

/** The latest call and the six before it: all a room can read, and a bound for a screen left on for days. */
export const BOARD_SIZE = 7;

export const EMPTY_BOARD: Board = { calls: [], waitingCount: 0 };

/** The board as the server sees it on (re)connection: replaces whatever the screen held. */
export function boardFromSnapshot(snapshot: DisplaySnapshot): Board {
  const calls: Call[] = [];
  for (const called of snapshot.called) {
    if (calls.length === BOARD_SIZE) break;
    if (!calls.some((call) => call.number === called.number)) calls.push(toCall(called));
  }
  return { calls, waitingCount: snapshot.waitingCount };
}

const sameInstant = (a: string, b: string) => a === b || Date.parse(a) === Date.parse(b);

/**
 * A call on top of the board. A number shows once: called again (a recall, a transfer) it moves to
 * the top with its new counter. `fresh` is false when the board already holds this very call (the
 * server may send a call both in the snapshot and as an event, or replay it after a reconnection):
 * such a call is not announced again. A recall is always fresh.
 */
export function applyCall(board: Board, event: TicketCalledEvent): { board: Board; fresh: boolean } {
  const known = board.calls.find((call) => call.number === event.number);
  if (known && !event.recall && known.counter === event.counter && sameInstant(known.calledAt, event.calledAt)) return { board, fresh: false };
  const call = toCall(event);
  const calls = [call, ...board.calls.filter((c) => c.number !== event.number)].slice(0, BOARD_SIZE);
  return { board: { ...board, calls }, fresh: true };
}

export function applyWaitingCount(board: Board, waitingCount: number): Board {
  return board.waitingCount === waitingCount ? board : { ...board, waitingCount };
}
