import type { ReactNode } from 'react';

/**
 * One figure of a page's summary strip (`ul.staff-kpis`): the value large, what it counts under
 * it. `testId` marks the figures the browser specs read.
 */
export function Kpi({ value, label, testId }: { value: ReactNode; label: ReactNode; testId?: string }) {
  return (
    <li>
      <span className="staff-kpi-value" data-testid={testId}>
        {value}
      </span>
      <span className="staff-kpi-label">{label}</span>
    </li>
  );
}
