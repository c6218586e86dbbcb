import { describe, expect, it } from 'vitest';
import { fail, ok } from './errors.js';

describe('Result', () => {
  it('carries either the value or the broken rule with its API code', () => {
    expect(ok(3)).toEqual({ ok: true, value: 3 });
    expect(fail('SLOT_FULL', 'No seats left')).toEqual({ ok: false, error: { code: 'SLOT_FULL', message: 'No seats left' } });
  });
});
