import { type ApiError, type Office, type PublicService, type Ticket, toApiError } from '@turnero/api-client';
import { formatDate, formatTime, LanguageSwitcher } from '@turnero/ui';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api.js';
import { officeIdFromUrl } from '../office-param.js';
import { useNotices } from '../use-notices.js';
import { useOffice } from '../use-office.js';
import { bookingCodeFromScan, CODE_LENGTH, codeSymbol, formatPartialCode, trackingCodeFromScan } from './booking-code.js';
import { CodeScreen } from './code-screen.js';
import { explainError, type KioskError } from './kiosk-errors.js';
import { BusyScreen, ErrorScreen, PreferentialScreen, RatingScreen, ServicesScreen, StartScreen, ThanksScreen } from './screens.js';
import { TicketScreen } from './ticket-screen.js';
import { useCountdown, useIdle } from './use-timers.js';
import './kiosk.css';

const officeId = officeIdFromUrl();

/** What a scan without a booking code is told, as the API's answer to a malformed code. */
const invalidCode: ApiError = { status: 400, code: 'VALIDATION_FAILED', message: 'Not a booking code', fieldErrors: {} };

/** An API error in the person's words, times in the office's zone (Haitian Creole reads dates in French). */
function explain(error: ApiError, office: Office, language: string): KioskError {
  const dates = language === 'ht' ? 'fr' : language;
  return explainError(error, { time: (instant) => formatTime(instant, office.timeZone, dates), date: (instant) => formatDate(instant, office.timeZone, dates) });
}

/** Seconds a ticket or an error stays on screen before the kiosk starts over. */
export const RESULT_SECONDS = 20;
/** A half-finished step (or another language) left alone this long starts over. */
const IDLE_MS = 60_000;
/** How often the start screen's notices are read again (and whenever the kiosk starts over). */
const NOTICES_POLL_MS = 60_000;
/** Keys further apart than this start a new scan. */
const SCAN_GAP_MS = 1_500;

/** One thing the person asked for; a retry after a failure repeats it with the same Idempotency-Key. */
type Request =
  | { kind: 'check-in'; code: string; key: string }
  | { kind: 'walk-in'; service: PublicService; preferential: boolean; key: string }
  | { kind: 'rating'; trackingCode: string; rating: number; key: string };

type Screen =
  | { name: 'start' }
  | { name: 'code'; symbols: string }
  | { name: 'services' }
  | { name: 'preferential'; service: PublicService }
  | { name: 'busy' }
  | { name: 'ticket'; ticket: Ticket }
  | { name: 'rating'; trackingCode: string }
  | { name: 'thanks' }
  | { name: 'error'; error: KioskError; request: Request | null };

/**
 * The self-service kiosk of `?office=<id>`: check in with a booking code (on-screen keyboard, a
 * keyboard or a barcode/QR scanner) or take a walk-in number, then a printed ticket. No login:
 * both endpoints are public and rate-limited. Starts over by itself, in Spanish.
 */
export function KioskPage() {
  const { t } = useTranslation();
  const office = useOffice(officeId);
  if (office.status === 'missing' || office.status === 'not-found') {
    return (
      <main className="kiosk kiosk-problem">
        <h1>{t('kiosk.title')}</h1>
        <p role="alert">{t(office.status === 'missing' ? 'common.missingOffice' : 'common.unknownOffice')}</p>
      </main>
    );
  }
  if (office.status === 'loading') {
    return (
      <main className="kiosk kiosk-problem">
        <h1>{t('kiosk.title')}</h1>
        <p role="status">{t('common.connecting')}</p>
      </main>
    );
  }
  return <Kiosk office={office.office} />;
}

function Kiosk({ office }: { office: Office }) {
  const { t, i18n } = useTranslation();
  const [screen, setScreenState] = useState<Screen>({ name: 'start' });
  // The keyboard handler reads the screen between renders (a scanner types faster than React draws).
  const screenRef = useRef(screen);
  const setScreen = useCallback((next: Screen) => {
    screenRef.current = next;
    setScreenState(next);
  }, []);
  const [services, setServices] = useState<PublicService[] | 'error' | null>(null);
  const scan = useRef({ text: '', at: 0 });
  const notices = useNotices(office.id, NOTICES_POLL_MS);
  const refreshNotices = notices.refresh;

  const loadServices = useCallback(() => {
    api.GET('/api/v1/offices/{officeId}/services', { params: { path: { officeId: office.id } } }).then(
      ({ data }) => setServices(data ?? 'error'),
      () => setServices('error'),
    );
  }, [office.id]);
  useEffect(loadServices, [loadServices]);

  const startOver = useCallback(() => {
    scan.current = { text: '', at: 0 };
    setScreen({ name: 'start' });
    if (i18n.language !== 'es') void i18n.changeLanguage('es');
    loadServices();
    refreshNotices();
  }, [i18n, loadServices, refreshNotices, setScreen]);

  const send = useCallback(
    async (request: Request) => {
      setScreen({ name: 'busy' });
      const path = { officeId: office.id };
      const headers = { 'Idempotency-Key': request.key };
      try {
        if (request.kind === 'rating') {
          const { error, response } = await api.POST('/api/v1/turns/{trackingCode}/survey', {
            params: { path: { trackingCode: request.trackingCode } },
            body: { rating: request.rating },
            headers,
          });
          if (response.ok) setScreen({ name: 'thanks' });
          else setScreen({ name: 'error', error: explain(toApiError(error, response.status), office, i18n.language), request });
          return;
        }
        const { data, error, response } =
          request.kind === 'check-in'
            ? await api.POST('/api/v1/offices/{officeId}/check-ins', { params: { path }, body: { code: request.code }, headers })
            : await api.POST('/api/v1/offices/{officeId}/tickets', { params: { path }, body: { serviceId: request.service.id, preferential: request.preferential }, headers });
        if (data) setScreen({ name: 'ticket', ticket: data });
        else setScreen({ name: 'error', error: explain(toApiError(error, response.status), office, i18n.language), request });
      } catch {
        setScreen({ name: 'error', error: explain(toApiError('', 0), office, i18n.language), request });
      }
    },
    [office, i18n, setScreen],
  );

  const checkIn = (code: string) => void send({ kind: 'check-in', code, key: crypto.randomUUID() });

  // A physical keyboard or a scanner (which types the QR's text and presses Enter).
  const onKeyDown = (event: KeyboardEvent) => {
    const screen = screenRef.current;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (screen.name !== 'start' && screen.name !== 'code') return;
    const now = Date.now();
    if (now - scan.current.at > SCAN_GAP_MS) scan.current.text = '';
    scan.current.at = now;
    const symbols = screen.name === 'code' ? screen.symbols : '';
    if (event.key === 'Enter') {
      event.preventDefault();
      const scanned = scan.current.text;
      scan.current.text = '';
      // Longer than a code with its dashes: a scan, whose typed symbols mean nothing by themselves.
      const isScan = scanned.length > CODE_LENGTH + 2;
      // The QR of a ticket at the exit: how was the service?
      const trackingCode = isScan ? trackingCodeFromScan(scanned) : null;
      if (trackingCode) {
        setScreen({ name: 'rating', trackingCode });
        return;
      }
      const code = bookingCodeFromScan(scanned) ?? (!isScan && symbols.length === CODE_LENGTH ? formatPartialCode(symbols) : null);
      if (code) checkIn(code);
      // A scan that holds no booking code (another QR, a misread): say so rather than nothing.
      else if (isScan) setScreen({ name: 'error', error: explain(invalidCode, office, i18n.language), request: null });
      return;
    }
    if (event.key === 'Backspace' && screen.name === 'code') {
      setScreen({ name: 'code', symbols: symbols.slice(0, -1) });
      return;
    }
    if (event.key.length !== 1) return;
    scan.current.text = (scan.current.text + event.key).slice(-128);
    const symbol = codeSymbol(event.key);
    if (symbol && symbols.length < CODE_LENGTH) setScreen({ name: 'code', symbols: symbols + symbol });
  };
  const keyHandler = useRef(onKeyDown);
  keyHandler.current = onKeyDown;
  useEffect(() => {
    const listener = (event: KeyboardEvent) => keyHandler.current(event);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);

  const resultShown = screen.name === 'ticket' || screen.name === 'error' || screen.name === 'thanks';
  const secondsLeft = useCountdown(RESULT_SECONDS, resultShown ? screen : null, startOver);
  const idleStep = screen.name === 'rating' || screen.name === 'code' || screen.name === 'services' || screen.name === 'preferential' || (screen.name === 'start' && i18n.language !== 'es');
  useIdle(IDLE_MS, idleStep, startOver);

  const retry = (failed: Extract<Screen, { name: 'error' }>) => {
    // A wrong code is typed again; anything else (the network, a busy server) is sent again as it was.
    if (failed.error.key === 'BOOKING_NOT_FOUND' || failed.error.key === 'INVALID_CODE') return () => setScreen({ name: 'code', symbols: '' });
    const request = failed.request;
    return failed.error.retry && request ? () => void send(request) : null;
  };

  return (
    <div className="kiosk">
      <header className="kiosk-header t-no-print">
        <p className="kiosk-office">{office.name}</p>
        <LanguageSwitcher label={t('common.language')} />
      </header>
      <main className="kiosk-main" data-screen={screen.name}>
        {screen.name === 'start' && <StartScreen notices={notices.list} onBooking={() => setScreen({ name: 'code', symbols: '' })} onWalkIn={() => setScreen({ name: 'services' })} />}
        {screen.name === 'code' && (
          <CodeScreen
            symbols={screen.symbols}
            onKey={(symbol) => setScreen({ name: 'code', symbols: (screen.symbols + symbol).slice(0, CODE_LENGTH) })}
            onDelete={() => setScreen({ name: 'code', symbols: screen.symbols.slice(0, -1) })}
            onClear={() => setScreen({ name: 'code', symbols: '' })}
            onSubmit={() => checkIn(formatPartialCode(screen.symbols))}
            onBack={startOver}
          />
        )}
        {screen.name === 'services' && <ServicesScreen services={services} onChoose={(service) => setScreen({ name: 'preferential', service })} onBack={startOver} />}
        {screen.name === 'preferential' && (
          <PreferentialScreen
            service={screen.service}
            onAnswer={(preferential) => void send({ kind: 'walk-in', service: screen.service, preferential, key: crypto.randomUUID() })}
            onBack={() => setScreen({ name: 'services' })}
          />
        )}
        {screen.name === 'busy' && <BusyScreen />}
        {screen.name === 'error' && <ErrorScreen error={screen.error} secondsLeft={secondsLeft} onRetry={retry(screen)} onHome={startOver} />}
        {screen.name === 'rating' && (
          <RatingScreen onRate={(rating) => void send({ kind: 'rating', trackingCode: screen.trackingCode, rating, key: crypto.randomUUID() })} onBack={startOver} />
        )}
        {screen.name === 'thanks' && <ThanksScreen secondsLeft={secondsLeft} onHome={startOver} />}
        {screen.name === 'ticket' && <TicketScreen ticket={screen.ticket} office={office} secondsLeft={secondsLeft} onDone={startOver} />}
      </main>
    </div>
  );
}
