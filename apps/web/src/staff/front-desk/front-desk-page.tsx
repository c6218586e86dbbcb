import { type ApiError, type Ticket, unwrap } from '@turnero/api-client';
import { formatTime } from '@turnero/ui';
import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { staffApi } from '../api.js';
import { asApiError, errorMessage } from '../common/errors.js';
import { LiveStatus } from '../common/live-status.js';
import { Notice } from '../common/notice.js';
import { usePageTitle } from '../common/page-title.js';
import { useApiData } from '../common/use-api-data.js';
import { useLiveOffice } from '../common/use-live-office.js';
import { useServices } from '../common/use-office-data.js';
import { useCurrentOffice } from '../session.js';
import { TicketSlip } from './ticket-slip.js';

type DocumentType = 'RUT' | 'PASSPORT' | 'OTHER';

/** TOO_EARLY / TOO_LATE carry the check-in window (details.window: from, until). */
function checkInWindow(error: ApiError): { from?: string; until?: string } {
  const window = (error.details as { window?: { from?: unknown; until?: unknown } } | undefined)?.window;
  return { from: typeof window?.from === 'string' ? window.from : undefined, until: typeof window?.until === 'string' ? window.until : undefined };
}

/**
 * The front desk (`/staff/front-desk`): check people in by booking code (typed, or a QR scanner
 * that types the code and Enter) or by document, and issue walk-in tickets, preferential or not.
 */
export function FrontDeskPage() {
  const { t, i18n } = useTranslation('staff');
  usePageTitle(t('frontDesk.title'));
  const office = useCurrentOffice();
  const officeId = office.id;
  const services = useServices(officeId);
  const caps = useApiData(() => unwrap(staffApi.GET('/api/v1/offices/{officeId}/walk-in-caps/today', { params: { path: { officeId } } })), [officeId]);
  const socketStatus = useLiveOffice(() => void caps.reload());

  const [code, setCode] = useState('');
  const [documentNumber, setDocumentNumber] = useState('');
  const [documentType, setDocumentType] = useState<DocumentType | ''>('');
  const [walkInService, setWalkInService] = useState('');
  const [preferential, setPreferential] = useState(false);
  const [busy, setBusy] = useState(false);
  const [issued, setIssued] = useState<Ticket | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const codeInput = useRef<HTMLInputElement>(null);

  const walkInServices = (services.data ?? []).filter((s) => s.active && (s.mode === 'walk_in' || s.mode === 'both'));

  async function issue(call: () => Promise<Ticket>, after: () => void) {
    if (busy) return;
    setBusy(true);
    setError(null);
    setIssued(null);
    try {
      setIssued(await call());
      after();
    } catch (caught) {
      setError(asApiError(caught));
    } finally {
      setBusy(false);
      void caps.reload();
    }
  }

  function checkInByCode(event: FormEvent) {
    event.preventDefault();
    const typed = code.trim();
    if (!typed) return;
    void issue(
      () => unwrap(staffApi.POST('/api/v1/offices/{officeId}/check-ins', { params: { path: { officeId } }, body: { code: typed } })),
      () => {
        setCode('');
        codeInput.current?.focus(); // ready for the next scan
      },
    );
  }

  function checkInByDocument(event: FormEvent) {
    event.preventDefault();
    const typed = documentNumber.trim();
    if (!typed) return;
    void issue(
      () =>
        unwrap(
          staffApi.POST('/api/v1/offices/{officeId}/check-ins', {
            params: { path: { officeId } },
            body: documentType ? { documentNumber: typed, documentType } : { documentNumber: typed },
          }),
        ),
      () => setDocumentNumber(''),
    );
  }

  function issueWalkIn(event: FormEvent) {
    event.preventDefault();
    if (!walkInService) return;
    void issue(
      () => unwrap(staffApi.POST('/api/v1/offices/{officeId}/tickets', { params: { path: { officeId } }, body: { serviceId: walkInService, preferential } })),
      () => setPreferential(false),
    );
  }

  function describe(failure: ApiError): string {
    const window = checkInWindow(failure);
    return errorMessage(t, failure, {
      from: window.from ? formatTime(window.from, office.timeZone, i18n.language) : '—',
      until: window.until ? formatTime(window.until, office.timeZone, i18n.language) : '—',
    });
  }

  return (
    <div className="staff-front-desk">
      <div className="staff-page-head t-no-print">
        <h1>{t('frontDesk.title')}</h1>
        <LiveStatus status={socketStatus} />
      </div>
      <div className="staff-front-desk-grid">
        <section className="staff-panel t-no-print" aria-labelledby="checkin-title">
          <h2 id="checkin-title">{t('frontDesk.checkInTitle')}</h2>
          <form className="staff-form" onSubmit={checkInByCode}>
            <label>
              <span>{t('frontDesk.code')}</span>
              <input
                ref={codeInput}
                name="code"
                value={code}
                onChange={(e) => setCode(e.target.value)}
                autoComplete="off"
                autoCapitalize="characters"
                spellCheck={false}
                autoFocus
                aria-describedby="code-hint"
              />
            </label>
            <p id="code-hint" className="staff-hint">
              {t('frontDesk.codeHint')}
            </p>
            <button type="submit" className="t-primary">
              {t('frontDesk.checkIn')}
            </button>
          </form>
          <form className="staff-form" onSubmit={checkInByDocument}>
            <fieldset>
              <legend>{t('frontDesk.byDocument')}</legend>
              <label>
                <span>{t('frontDesk.documentType')}</span>
                <select value={documentType} onChange={(e) => setDocumentType(e.target.value as DocumentType | '')}>
                  <option value="">{t('frontDesk.documentAuto')}</option>
                  <option value="RUT">{t('documents.RUT')}</option>
                  <option value="PASSPORT">{t('documents.PASSPORT')}</option>
                  <option value="OTHER">{t('documents.OTHER')}</option>
                </select>
              </label>
              <label>
                <span>{t('frontDesk.documentNumber')}</span>
                <input name="documentNumber" value={documentNumber} onChange={(e) => setDocumentNumber(e.target.value)} autoComplete="off" spellCheck={false} />
              </label>
              <button type="submit">{t('frontDesk.checkInByDocument')}</button>
            </fieldset>
          </form>
        </section>
        <section className="staff-panel t-no-print" aria-labelledby="walkin-title">
          <h2 id="walkin-title">{t('frontDesk.walkInTitle')}</h2>
          {services.data && walkInServices.length === 0 && <p>{t('frontDesk.noWalkIn')}</p>}
          {walkInServices.length > 0 && (
            <form className="staff-form" onSubmit={issueWalkIn}>
              <fieldset>
                <legend>{t('frontDesk.walkInService')}</legend>
                <div className="staff-choices">
                  {walkInServices.map((s) => {
                    const cap = caps.data?.find((c) => c.serviceId === s.id);
                    return (
                      <label key={s.id} className="staff-choice">
                        <input type="radio" name="walkInService" value={s.id} checked={walkInService === s.id} onChange={() => setWalkInService(s.id)} />
                        <span>
                          {s.name}
                          {cap && cap.remaining !== null && (
                            <span className={cap.remaining === 0 ? 'staff-choice-detail staff-danger' : 'staff-choice-detail'}>
                              {t('frontDesk.remaining', { count: cap.remaining })}
                            </span>
                          )}
                        </span>
                      </label>
                    );
                  })}
                </div>
              </fieldset>
              <label className="staff-choice">
                <input type="checkbox" checked={preferential} onChange={(e) => setPreferential(e.target.checked)} />
                <span>
                  {t('frontDesk.preferential')}
                  <span className="staff-choice-detail">{t('frontDesk.preferentialHint')}</span>
                </span>
              </label>
              <button type="submit" className="t-primary" disabled={!walkInService}>
                {t('frontDesk.issue')}
              </button>
            </form>
          )}
        </section>
        <div className="staff-front-desk-result">
          <div aria-live="polite" className="staff-outcome t-no-print">
            {error && <Notice kind="error">{describe(error)}</Notice>}
            {busy && <p role="status">{t('common.working')}</p>}
            {/* For the desk, not the printed slip: ClaveÚnica vouched for who booked, so no document check for identity. One
                sentence: "[Identidad verificada] con ClaveÚnica: no es necesario revisar el documento." */}
            {issued?.identityVerified && (
              <p className="staff-verified" data-testid="identity-verified">
                <span className="staff-tag staff-tag-verified">{t('frontDesk.verified')}</span> {t('frontDesk.verifiedNote')}
              </p>
            )}
          </div>
          {issued && <TicketSlip ticket={issued} officeName={office.name} timeZone={office.timeZone} />}
        </div>
      </div>
    </div>
  );
}
