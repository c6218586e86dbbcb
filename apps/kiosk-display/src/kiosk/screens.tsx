import type { PublicService } from '@turnero/api-client';
import { useTranslation } from 'react-i18next';
import type { OfficeNotice } from '../use-notices.js';
import type { KioskError } from './kiosk-errors.js';

export function StartScreen({ notices, onBooking, onWalkIn }: { notices: OfficeNotice[]; onBooking(): void; onWalkIn(): void }) {
  const { t } = useTranslation();
  return (
    <section className="kiosk-step kiosk-start-step">
      {notices.length > 0 && <NoticeBanner notices={notices} />}
      <h1>{t('kiosk.title')}</h1>
      <p className="kiosk-hint">{t('kiosk.intro')}</p>
      <div className="kiosk-choices">
        <button type="button" className="kiosk-choice" onClick={onBooking}>
          <span className="kiosk-choice-title">{t('kiosk.start.haveBooking')}</span>
          <span className="kiosk-choice-hint">{t('kiosk.start.haveBookingHint')}</span>
        </button>
        <button type="button" className="kiosk-choice" onClick={onWalkIn}>
          <span className="kiosk-choice-title">{t('kiosk.start.noBooking')}</span>
          <span className="kiosk-choice-hint">{t('kiosk.start.noBookingHint')}</span>
        </button>
      </div>
      <p className="kiosk-scan-hint">{t('kiosk.start.scanHint')}</p>
    </section>
  );
}

/** The office's notices in force (a closure, an emergency): the label in the kiosk's language, the text as staff wrote it. */
function NoticeBanner({ notices }: { notices: OfficeNotice[] }) {
  const { t } = useTranslation();
  return (
    <div className="kiosk-notice" role="status" data-testid="kiosk-notices">
      <p className="kiosk-notice-title">{t('kiosk.notice')}</p>
      <ul>
        {notices.map((notice) => (
          <li key={notice.id} data-notice={notice.id}>
            {notice.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function ServicesScreen({ services, onChoose, onBack }: { services: PublicService[] | 'error' | null; onChoose(service: PublicService): void; onBack(): void }) {
  const { t } = useTranslation();
  const walkIns = Array.isArray(services) ? services.filter((s) => s.mode === 'walk_in' || s.mode === 'both') : [];
  return (
    <section className="kiosk-step">
      <h1>{t('kiosk.servicesScreen.title')}</h1>
      {services === 'error' && <p role="alert">{t('kiosk.loadError')}</p>}
      {Array.isArray(services) && walkIns.length === 0 && <p role="alert">{t('kiosk.servicesScreen.none')}</p>}
      {walkIns.length > 0 && (
        <>
          <p className="kiosk-hint">{t('kiosk.servicesScreen.hint')}</p>
          <ul className="kiosk-services" aria-label={t('kiosk.services')}>
            {walkIns.map((service) => (
              <li key={service.id}>
                <button type="button" className="kiosk-choice" onClick={() => onChoose(service)}>
                  <span className="kiosk-choice-title">{service.name}</span>
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      <div className="kiosk-actions">
        <button type="button" onClick={onBack}>
          {t('kiosk.back')}
        </button>
      </div>
    </section>
  );
}

export function PreferentialScreen({ service, onAnswer, onBack }: { service: PublicService; onAnswer(preferential: boolean): void; onBack(): void }) {
  const { t } = useTranslation();
  return (
    <section className="kiosk-step">
      <h1>{t('kiosk.preferential.title')}</h1>
      <p className="kiosk-chosen">{t('kiosk.preferential.service', { service: service.name })}</p>
      <p className="kiosk-explanation">{t('kiosk.preferential.explanation')}</p>
      <div className="kiosk-choices">
        <button type="button" className="kiosk-choice" onClick={() => onAnswer(true)}>
          <span className="kiosk-choice-title">{t('kiosk.preferential.yes')}</span>
        </button>
        <button type="button" className="kiosk-choice" onClick={() => onAnswer(false)}>
          <span className="kiosk-choice-title">{t('kiosk.preferential.no')}</span>
        </button>
      </div>
      <div className="kiosk-actions">
        <button type="button" onClick={onBack}>
          {t('kiosk.back')}
        </button>
      </div>
    </section>
  );
}

export function BusyScreen() {
  const { t } = useTranslation();
  return (
    <section className="kiosk-step kiosk-busy-step" role="status">
      <h1>{t('kiosk.busy')}</h1>
    </section>
  );
}

export function ErrorScreen({ error, secondsLeft, onRetry, onHome }: { error: KioskError; secondsLeft: number; onRetry: (() => void) | null; onHome(): void }) {
  const { t } = useTranslation();
  return (
    <section className="kiosk-step kiosk-error-step" data-error={error.key}>
      <div role="alert">
        <h1>{t(`kiosk.errors.${error.key}.title`)}</h1>
        <p className="kiosk-explanation">{t(`kiosk.errors.${error.key}.action`, error.params)}</p>
      </div>
      <p className="kiosk-countdown">{t('kiosk.countdown', { seconds: secondsLeft })}</p>
      <div className="kiosk-actions">
        {onRetry && (
          <button type="button" onClick={onRetry}>
            {t('kiosk.retry')}
          </button>
        )}
        <button type="button" className="t-primary" onClick={onHome}>
          {t('kiosk.home')}
        </button>
      </div>
    </section>
  );
}

/** The exit: a ticket's QR scanned after the visit, one touch from 1 (very bad) to 5 (very good). */
export function RatingScreen({ onRate, onBack }: { onRate(rating: number): void; onBack(): void }) {
  const { t } = useTranslation();
  return (
    <section className="kiosk-step">
      <h1>{t('kiosk.rating.title')}</h1>
      <p className="kiosk-hint">{t('kiosk.rating.hint')}</p>
      <ul className="kiosk-ratings" aria-label={t('kiosk.rating.title')}>
        {[1, 2, 3, 4, 5].map((rating) => (
          <li key={rating}>
            <button type="button" className="kiosk-choice kiosk-rating" aria-label={`${rating} – ${t(`kiosk.rating.labels.${rating}`)}`} onClick={() => onRate(rating)}>
              <span className="kiosk-choice-title">{rating}</span>
              <span className="kiosk-choice-hint">{t(`kiosk.rating.labels.${rating}`)}</span>
            </button>
          </li>
        ))}
      </ul>
      <div className="kiosk-actions">
        <button type="button" onClick={onBack}>
          {t('kiosk.back')}
        </button>
      </div>
    </section>
  );
}

export function ThanksScreen({ secondsLeft, onHome }: { secondsLeft: number; onHome(): void }) {
  const { t } = useTranslation();
  return (
    <section className="kiosk-step" role="status">
      <h1>{t('kiosk.rating.thanks')}</h1>
      <p className="kiosk-hint">{t('kiosk.rating.thanksHint')}</p>
      <div className="kiosk-actions">
        <button type="button" onClick={onHome}>
          {t('kiosk.home')}
        </button>
      </div>
      <p className="kiosk-countdown">{t('kiosk.countdown', { seconds: secondsLeft })}</p>
    </section>
  );
}
