import { describe, expect, it } from 'vitest';
import { applyCall, applyWaitingCount, BOARD_SIZE, boardFromSnapshot, EMPTY_BOARD } from './call-board.js';

const at = (minute: number) => `2026-12-01T09:${String(minute).padStart(2, '0')}:00-03:00`;
const call = (number: string, counter: string, minute: number, recall = false) => ({ number, counter, calledAt: at(minute), recall });

describe('the waiting-room board', () => {
  it('starts from the snapshot, newest first, bounded', () => {
    const called = Array.from({ length: 12 }, (_, i) => ({ number: `A-${String(12 - i).padStart(3, '0')}`, counter: 'Módulo 1', calledAt: at(12 - i) }));
    const board = boardFromSnapshot({ officeId: 'x', called, waitingCount: 4 });
    expect(board.calls).toHaveLength(BOARD_SIZE);
    expect(board.calls[0].number).toBe('A-012');
    expect(board.waitingCount).toBe(4);
  });

  it('puts each new call on top and keeps at most seven, each number once', () => {
    let board = EMPTY_BOARD;
    for (let i = 1; i <= 10; i++) board = applyCall(board, call(`A-${i}`, `Módulo ${i % 3}`, i)).board;
    expect(board.calls.map((c) => c.number)).toEqual(['A-10', 'A-9', 'A-8', 'A-7', 'A-6', 'A-5', 'A-4']);
    const moved = applyCall(board, call('A-6', 'Módulo 5', 11));
    expect(moved.fresh).toBe(true);
    expect(moved.board.calls.map((c) => c.number)).toEqual(['A-6', 'A-10', 'A-9', 'A-8', 'A-7', 'A-5', 'A-4']);
    expect(moved.board.calls[0].counter).toBe('Módulo 5');
  });

  it('does not announce twice a call it already shows, but always a recall', () => {
    const board = boardFromSnapshot({ officeId: 'x', called: [{ number: 'B-001', counter: 'Módulo 2', calledAt: '2026-12-01T12:05:00.000Z' }], waitingCount: 0 });
    const replayed = applyCall(board, call('B-001', 'Módulo 2', 5));
    expect(replayed.fresh).toBe(false);
    expect(replayed.board).toBe(board);
    const recalled = applyCall(board, call('B-001', 'Módulo 2', 5, true));
    expect(recalled.fresh).toBe(true);
    expect(recalled.board.calls).toHaveLength(1);
  });

  it("keeps a group's size and numbers (one entry for the group), and nothing else the event carries", () => {
    const snapshot = boardFromSnapshot({
      officeId: 'x',
      called: [{ number: 'G-001', counter: 'Módulo 1', calledAt: at(1), partySize: 3, numbers: ['G-001', 'G-002', 'G-003'] }],
      waitingCount: 0,
    });
    expect(snapshot.calls).toEqual([{ number: 'G-001', counter: 'Módulo 1', calledAt: at(1), partySize: 3, numbers: ['G-001', 'G-002', 'G-003'] }]);
    const event = { ...call('F-004', 'Módulo 2', 2), partySize: 2, fullName: 'Nadie' } as ReturnType<typeof call> & { partySize: number };
    const { board } = applyCall(snapshot, event);
    expect(board.calls[0]).toEqual({ number: 'F-004', counter: 'Módulo 2', calledAt: at(2), partySize: 2 });
    expect(applyCall(board, call('A-001', 'Módulo 3', 3)).board.calls[0]).toEqual({ number: 'A-001', counter: 'Módulo 3', calledAt: at(3) });
  });

  it('follows the waiting count', () => {
    expect(applyWaitingCount(EMPTY_BOARD, 3).waitingCount).toBe(3);
    expect(applyWaitingCount(EMPTY_BOARD, 0)).toBe(EMPTY_BOARD);
  });
});
