import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.js';
import { call } from './api-call.js';
import { noticePeriod, type OfficeNotice } from './notice-period.js';

/** A page left open is told of a notice published meanwhile within this long. */
const REFRESH_MS = 5 * 60_000;

/**
 * The office's notices in force (GET /api/v1/offices/{officeId}/notices), read when the office
 * changes and every REFRESH_MS; [] until known. Notices accompany a page: a failed read shows
 * nothing rather than an error.
 */
export function useOfficeNotices(officeId: string | null): OfficeNotice[] {
  const [notices, setNotices] = useState<{ officeId: string; list: OfficeNotice[] } | null>(null);
  useEffect(() => {
    if (!officeId) return undefined;
    let live = true;
    const load = () =>
      void call(api.GET('/api/v1/offices/{officeId}/notices', { params: { path: { officeId } } })).then((outcome) => {
        if (live && outcome.ok) setNotices({ officeId, list: outcome.data });
      });
    load();
    const timer = setInterval(load, REFRESH_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [officeId]);
  return notices && notices.officeId === officeId ? notices.list : [];
}

/**
 * The office's notices in force ("Oficina cerrada por emergencia sanitaria…"), each a banner with
 * its period in the office's time zone. The text is staff's, shown as text (React escapes it).
 */
export function OfficeNotices({ officeId, timeZone }: { officeId: string; timeZone: string }) {
  const notices = useOfficeNotices(officeId);
  if (notices.length === 0) return null;
  return (
    <div className="office-notices">
      {notices.map((notice) => (
        <NoticeBanner key={notice.id} notice={notice} timeZone={timeZone} />
      ))}
    </div>
  );
}

function NoticeBanner({ notice, timeZone }: { notice: OfficeNotice; timeZone: string }) {
  const { t, i18n } = useTranslation('applicant');
  const period = noticePeriod(notice, timeZone, i18n.language);
  return (
    <div className="notice notice-warning office-notice" role="status" data-notice={notice.id}>
      <p className="notice-title">{t('notices.title')}</p>
      <p className="office-notice-message">{notice.message}</p>
      <p className="office-notice-period">{t(`notices.period.${period.kind}`, period.values)}</p>
    </div>
  );
}
