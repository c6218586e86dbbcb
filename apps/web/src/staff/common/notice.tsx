import type { ReactNode } from 'react';

/**
 * A message after an action: `alert` for errors (read at once), `status` for results. The region
 * stays in the page so screen readers announce each new text.
 */
export function Notice({ kind, children }: { kind: 'error' | 'success' | 'info'; children: ReactNode }) {
  return (
    <div className={`staff-notice staff-notice-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}
