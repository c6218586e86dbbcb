import { describe, expect, it } from 'vitest';
import { SERVICE_MODES, takesAppointments, takesWalkIns } from './service-settings.js';

describe('service modes', () => {
  it('an appointment service takes bookings only, a walk-in service tickets only, "both" takes both', () => {
    expect(SERVICE_MODES.map((mode) => [mode, takesAppointments(mode), takesWalkIns(mode)])).toEqual([
      ['appointment', true, false],
      ['walk_in', false, true],
      ['both', true, true],
    ]);
  });
});
