import type { SocketStatus } from '@turnero/ui';
import { useTranslation } from 'react-i18next';

/** Whether the page is live (socket connected); tests wait for `[data-status="connected"]`. */
export function LiveStatus({ status }: { status: SocketStatus }) {
  const { t } = useTranslation('staff');
  return (
    <p className="staff-live t-no-print" data-status={status} role="status">
      <span className="staff-live-dot" aria-hidden="true" />
      {t(`live.${status}`)}
    </p>
  );
}
