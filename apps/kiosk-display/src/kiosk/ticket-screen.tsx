import type { Office, Ticket } from '@turnero/api-client';
import { formatTicketNumber, formatTime, spokenTicketNumber } from '@turnero/ui';
import QRCode from 'qrcode';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** Where a phone follows the turn: the web app's page for the ticket's tracking code. */
export function turnUrl(trackingCode: string): string {
  return `${window.location.origin}/turno/${encodeURIComponent(trackingCode)}`;
}

/** The QR of the turn page as an SVG data URL (made in the browser), or null while it is drawn. */
function useTurnQr(trackingCode: string | undefined): string | null {
  const [qr, setQr] = useState<string | null>(null);
  useEffect(() => {
    if (!trackingCode) return undefined;
    let cancelled = false;
    void QRCode.toString(turnUrl(trackingCode), { type: 'svg', errorCorrectionLevel: 'M', margin: 1 }).then((svg) => {
      if (!cancelled) setQr(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`);
    });
    return () => {
      cancelled = true;
    };
  }, [trackingCode]);
  return qr;
}

const SLIP_PAGE_STYLE = 'kiosk-slip-page';
const MM_PER_PX = 25.4 / 96;

/**
 * Sets the printed page to the slip's own length (80 mm wide): CSS has no "as long as the
 * content" page size (`size: 80mm auto` is not valid), and a receipt printer feeds what it is given.
 */
function setSlipPageLength(slip: HTMLElement): void {
  const lengthMm = Math.ceil(slip.getBoundingClientRect().height * MM_PER_PX) + 8; // + the 3 mm margins and some slack
  let style = document.getElementById(SLIP_PAGE_STYLE);
  if (!style) {
    style = document.createElement('style');
    style.id = SLIP_PAGE_STYLE;
    document.head.append(style);
  }
  style.textContent = `@page { size: 80mm ${lengthMm}mm; margin: 3mm; }`;
}

function useWaitText(ticket: Ticket): string {
  const { t } = useTranslation();
  const minutes = ticket.estimatedWaitMinutes;
  if (minutes === undefined) return t('kiosk.ticket.waitUnknown');
  return minutes <= 2 ? t('kiosk.ticket.waitSoon') : t('kiosk.ticket.wait', { minutes });
}

export interface TicketScreenProps {
  ticket: Ticket;
  office: Office;
  secondsLeft: number;
  onDone(): void;
}

/**
 * The issued ticket: its number, service and estimated wait on screen, and the 80 mm slip (only
 * thing printed) with a QR to follow the turn from a phone. Printed once, as soon as the QR is drawn.
 */
export function TicketScreen({ ticket, office, secondsLeft, onDone }: TicketScreenProps) {
  const { t, i18n } = useTranslation();
  const qr = useTurnQr(ticket.trackingCode);
  const waitText = useWaitText(ticket);
  const printed = useRef(false);
  const language = i18n.language === 'ht' ? 'fr' : i18n.language;

  const slip = useRef<HTMLElement>(null);

  useEffect(() => {
    if (printed.current || (ticket.trackingCode && !qr)) return;
    printed.current = true;
    // Give the slip (and its QR image) a frame to lay out, then cut the page to its length.
    const frame = requestAnimationFrame(() => {
      if (slip.current) setSlipPageLength(slip.current);
      window.print();
    });
    return () => cancelAnimationFrame(frame);
  }, [qr, ticket.trackingCode]);

  const details = (
    <>
      <p className="kiosk-ticket-service">
        <span className="kiosk-ticket-label">{t('kiosk.ticket.service')}: </span>
        {ticket.serviceName}
      </p>
      {ticket.slotStart && <p>{t('kiosk.ticket.appointment', { time: formatTime(ticket.slotStart, office.timeZone, language) })}</p>}
      {ticket.preferential && <p className="kiosk-ticket-preferential">{t('kiosk.ticket.preferential')}</p>}
      {ticket.partySize > 1 && (
        <p className="kiosk-ticket-group" data-party-size={ticket.partySize}>
          {t('kiosk.ticket.group', { count: ticket.partySize })}
          {ticket.groupNumbers && (
            <>
              <br />
              {t('kiosk.ticket.groupNumbers', { numbers: ticket.groupNumbers.map((number) => formatTicketNumber(number)).join(', ') })}
              <br />
              {t('kiosk.ticket.groupTogether')}
            </>
          )}
        </p>
      )}
      <p className="kiosk-ticket-wait">{waitText}</p>
    </>
  );

  return (
    <>
      <section className="kiosk-step kiosk-ticket-step t-no-print" data-ticket-number={ticket.number}>
        <h1>{t('kiosk.ticket.title')}</h1>
        <p className="kiosk-ticket-number">
          <span aria-hidden="true">{formatTicketNumber(ticket.number)}</span>
          <span className="t-visually-hidden">{spokenTicketNumber(ticket.number)}</span>
        </p>
        <div className="kiosk-ticket-body">
          <div className="kiosk-ticket-details">
            {details}
            <p>{t('kiosk.ticket.printing')}</p>
            {ticket.estimatedWaitMinutes !== undefined && <p>{t('kiosk.ticket.watchScreen')}</p>}
          </div>
          {qr && (
            <figure className="kiosk-ticket-qr">
              <img src={qr} alt={t('kiosk.ticket.qr')} width={220} height={220} />
              <figcaption>{t('kiosk.ticket.follow')}</figcaption>
            </figure>
          )}
        </div>
        <p className="kiosk-countdown" aria-live="off">
          {t('kiosk.countdown', { seconds: secondsLeft })}
        </p>
        <div className="kiosk-actions">
          <button type="button" className="t-primary" onClick={onDone}>
            {t('kiosk.ticket.done')}
          </button>
        </div>
      </section>

      {/* The 80 mm slip: laid out off screen (to be measured), the only thing on paper (kiosk.css @media print). */}
      <section ref={slip} className="kiosk-slip" aria-hidden="true">
        <p className="kiosk-slip-office">{office.name}</p>
        <p className="kiosk-slip-title">{t('kiosk.ticket.title')}</p>
        <p className="kiosk-slip-number">{formatTicketNumber(ticket.number)}</p>
        {details}
        {ticket.estimatedWaitMinutes !== undefined && <p>{t('kiosk.ticket.watchScreen')}</p>}
        {qr && <img className="kiosk-slip-qr" src={qr} alt="" />}
        {qr && <p>{t('kiosk.ticket.follow')}</p>}
        <p className="kiosk-slip-issued">{t('kiosk.ticket.issuedAt', { time: formatTime(ticket.issuedAt, office.timeZone, language) })}</p>
      </section>
    </>
  );
}
