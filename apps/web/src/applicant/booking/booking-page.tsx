import type { CreateBooking, Office, PublicService } from '@turnero/api-client';
import { dateIn, formatDate, formatTime } from '@turnero/ui';
import { type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api } from '../../api.js';
import { addDays, monthEnd } from '../calendar/calendar-dates.js';
import { dayKind } from '../calendar/day-status.js';
import { MonthCalendar } from '../calendar/month-calendar.js';
import { SlotAlternatives } from '../calendar/slot-alternatives.js';
import { SlotPicker } from '../calendar/slot-picker.js';
import { useAvailability } from '../calendar/use-availability.js';
import { call, type Problem } from '../common/api-call.js';
import { ErrorNotice } from '../common/error-notice.js';
import { useIdempotencyKey } from '../common/idempotency.js';
import { OfficeNotices } from '../common/office-notices.js';
import { OverloadNotice } from '../common/overload-notice.js';
import { usePageTitle } from '../common/page-title.js';
import { useLoad } from '../common/use-load.js';
import { useOverloadRetry } from '../common/use-overload-retry.js';
import { ClaveUnicaButton, SignInOffer } from '../identity/claveunica-button.js';
import { useIdentity } from '../identity/identity-context.js';
import { WaitlistJoinForm } from '../waitlist/join-form.js';
import {
  ApplicantForm,
  type ApplicantValues,
  type CompanionValues,
  EMPTY_APPLICANT,
  EMPTY_COMPANION,
  type FieldErrors,
  fieldErrorsFromApi,
} from './applicant-form.js';

type Step = 'office' | 'service' | 'when' | 'details';
const STEPS: Step[] = ['office', 'service', 'when', 'details'];

/** Codes after which the applicant must pick another day or time (the calendar is read again). */
const PICK_AGAIN = new Set(['SLOT_FULL', 'DAY_FULL', 'OUTSIDE_BOOKING_WINDOW', 'OFFICE_CLOSED', 'NOT_A_SLOT']);

const bookable = (service: PublicService) => service.mode !== 'walk_in';

/** A time to come back to (`?hora=`, after signing in from the form): an instant, or nothing. */
const instantParam = (value: string | null) => (value && !Number.isNaN(Date.parse(value)) ? value : null);

/** The companions' rows for a party of `size`: kept as typed, new ones empty. */
const resize = (companions: CompanionValues[], size: number) => Array.from({ length: Math.max(0, size - 1) }, (_, i) => companions[i] ?? EMPTY_COMPANION);

/**
 * `/reservar`: office → procedure (with what to bring) → day and time → the applicant's data →
 * POST /bookings → the confirmation page. The office and procedure are in the query string
 * (`?oficina=…&tramite=…`, ids only) so Back and reloads work; personal data stays in memory.
 * Signed in with ClaveÚnica the document and name come from the session (the POST sends no
 * document); a procedure that requires it explains how to sign in instead of showing the form. The
 * sign-in from the form comes back with the chosen time (`&hora=`, read once and dropped).
 */
export function BookingPage() {
  const { t, i18n } = useTranslation('applicant');
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const officeId = params.get('oficina');
  const serviceId = params.get('tramite');

  const offices = useLoad('offices', () => call(api.GET('/api/v1/offices')));
  const services = useLoad(officeId, () => call(api.GET('/api/v1/offices/{officeId}/services', { params: { path: { officeId: officeId! } } })));
  const office = offices.state === 'ready' ? offices.data.find((o) => o.id === officeId) : undefined;
  const service = services.state === 'ready' ? services.data.find((s) => s.id === serviceId && bookable(s)) : undefined;

  const [day, setDay] = useState<string | null>(null);
  const [slotStart, setSlotStart] = useState<string | null>(() => instantParam(params.get('hora')));
  const identity = useIdentity();
  const { applicant: verified, reload: reloadIdentity } = identity;
  const [values, setValues] = useState<ApplicantValues>(EMPTY_APPLICANT);
  const [companions, setCompanions] = useState<CompanionValues[]>([]);
  const [submitting, setSubmitting] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const keyFor = useIdempotencyKey();
  // "Mucha demanda" (503 OVERLOADED, 429): the same booking is sent again by itself, form kept.
  const overload = useOverloadRetry();
  const submits = useRef(0);

  const step: Step = !office ? 'office' : !service ? 'service' : slotStart ? 'details' : 'when';
  // A procedure for groups (its maxGroupSize) takes up to maxGroupSize − 1 companions.
  const maxCompanions = Math.max(0, (service?.maxGroupSize ?? 1) - 1);
  const party = Math.min(companions.length, maxCompanions) + 1;
  usePageTitle(t(`booking.steps.${step}`));

  // One office: nothing to choose.
  useEffect(() => {
    if (!officeId && offices.state === 'ready' && offices.data.length === 1) setParams({ oficina: offices.data[0].id }, { replace: true });
  }, [officeId, offices, setParams]);

  // Back from signing in with the chosen time: its day in the calendar, and `hora` gone from the URL.
  const returnedAt = useRef(slotStart);
  useEffect(() => {
    if (!office || !returnedAt.current) return;
    setDay(dateIn(office.timeZone, new Date(returnedAt.current)));
    returnedAt.current = null;
    const kept = new URLSearchParams(params);
    kept.delete('hora');
    setParams(kept, { replace: true });
  }, [office]);

  // Another procedure: start the choice of time over (not the time a sign-in came back with).
  const firstService = useRef(true);
  useEffect(() => {
    if (firstService.current) {
      firstService.current = false;
      if (returnedAt.current) return;
    }
    setDay(null);
    setSlotStart(null);
    setProblem(null);
  }, [serviceId]);

  // Leaving the form (another time, procedure or office) drops a booking still waiting to be sent again.
  const { cancel: cancelRetry, stop: stopRetry } = overload;
  useEffect(() => {
    if (step !== 'details') cancelRetry();
  }, [step, cancelRetry]);

  // Each step's heading takes the focus when the step changes (not on the first render).
  const heading = useRef<HTMLHeadingElement>(null);
  const previousStep = useRef(step);
  useEffect(() => {
    if (previousStep.current !== step) heading.current?.focus();
    previousStep.current = step;
  }, [step]);

  const submit = async (applicant: ApplicantValues, start: string) => {
    if (!service) return;
    const group = companions.slice(0, maxCompanions);
    const body: CreateBooking = {
      serviceId: service.id,
      slotStart: start,
      applicant: {
        // Signed in: no document in the body (the API takes it from the session), the name is ClaveÚnica's.
        ...(verified ? {} : { documentType: applicant.documentType, documentNumber: applicant.documentNumber.trim() }),
        fullName: verified ? verified.fullName : applicant.fullName.trim(),
        ...(applicant.email.trim() ? { email: applicant.email.trim() } : {}),
        ...(applicant.phone.trim() ? { phone: applicant.phone.trim(), smsConsent: applicant.smsConsent } : {}),
      },
      preferential: applicant.preferential,
      ...(group.length > 0
        ? { companions: group.map((c) => ({ documentType: c.documentType, documentNumber: c.documentNumber.trim(), fullName: c.fullName.trim() })) }
        : {}),
    };
    setSubmitting(true);
    setProblem(null);
    setServerErrors({});
    const submitted = ++submits.current;
    // One key for this body: every automatic retry is the same request, so it never books twice.
    const headers = { 'Idempotency-Key': keyFor(body) };
    const outcome = await overload.run(() => call(api.POST('/api/v1/bookings', { body, headers })));
    if (outcome === null) {
      // Dropped: a newer submit took over, or the applicant left the form.
      if (submits.current === submitted) setSubmitting(false);
      return;
    }
    setSubmitting(false);
    if (outcome.ok) {
      navigate(`/reserva/${encodeURIComponent(outcome.data.code)}`, { state: { booking: outcome.data } });
      return;
    }
    let failure = outcome.problem;
    // The session ended meanwhile (the API asks for the document it no longer has), or the API says
    // the identity does not fit: read who is signed in again, so the page shows what is true now.
    const sessionEnded = verified !== null && failure.code === 'VALIDATION_FAILED' && Object.keys(failure.fieldErrors).some((field) => /^applicant\.document/.test(field));
    if (sessionEnded || failure.code === 'VERIFIED_IDENTITY_REQUIRED' || failure.code === 'IDENTITY_MISMATCH') reloadIdentity();
    if (sessionEnded) failure = { ...failure, code: 'SIGN_IN_REQUIRED', fieldErrors: {} };
    // A companion's document (a bad RUT, one already booked) is told next to that companion's field.
    const aboutCompanion = Object.keys(failure.fieldErrors).some((field) => field.startsWith('companions.'));
    if (aboutCompanion) setServerErrors(fieldErrorsFromApi(failure.fieldErrors, failure.code));
    else if (failure.code === 'INVALID_RUT') setServerErrors({ documentNumber: 'form.errors.rutCheckDigit' });
    else if (failure.code === 'INVALID_DOCUMENT') setServerErrors({ documentNumber: 'form.errors.document' });
    else if (failure.code === 'VALIDATION_FAILED') setServerErrors(fieldErrorsFromApi(failure.fieldErrors));
    setProblem(aboutCompanion && failure.code === 'DUPLICATE_BOOKING' ? null : failure);
  };

  const chooseAlternative = (start: string) => {
    if (!service || !office) return;
    setDay(dateIn(office.timeZone, new Date(start)));
    setSlotStart(start);
    void submit(values, start);
  };

  // Editing the data while a retry waits stops it: the retry would send what was there before.
  const editValues = (next: ApplicantValues) => {
    setValues(next);
    stopRetry();
  };
  const editCompanions = (next: CompanionValues[]) => {
    setCompanions(next);
    stopRetry();
  };

  const pickAgain = () => {
    setProblem(null);
    setSlotStart(null);
  };

  const stepHeading = (text: string) => (
    <h2 ref={heading} tabIndex={-1} className="step-heading">
      {text}
    </h2>
  );

  return (
    <div className="booking">
      <h1>{t('booking.title')}</h1>
      <StepProgress current={step} />
      {/* The chosen office's notices (a closure, an emergency) before any day is picked. */}
      {office && <OfficeNotices officeId={office.id} timeZone={office.timeZone} />}

      {offices.state === 'error' && <ErrorNotice problem={offices.problem} onRetry={offices.reload} />}
      <OverloadNotice retry={offices.overload} resumable />
      <OverloadNotice retry={services.overload} resumable />
      {(offices.state === 'loading' || (officeId && services.state === 'loading')) && <p role="status">{t('common.loading')}</p>}

      {step === 'office' && offices.state === 'ready' && (
        <section>
          {stepHeading(t('booking.chooseOffice'))}
          <OfficeList offices={offices.data} />
        </section>
      )}

      {step === 'service' && office && (
        <section>
          <Chosen label={t('booking.office')} value={office.name} change={{ to: '/reservar', text: t('booking.changeOffice') }} />
          {stepHeading(t('booking.chooseService'))}
          {services.state === 'error' && <ErrorNotice problem={services.problem} onRetry={services.reload} />}
          {services.state === 'ready' && <ServiceList office={office} services={services.data} />}
        </section>
      )}

      {step === 'when' && office && service && (
        <section>
          <Chosen label={t('booking.office')} value={office.name} change={{ to: '/reservar', text: t('booking.changeOffice') }} />
          <Chosen label={t('booking.service')} value={service.name} change={{ to: `/reservar?oficina=${office.id}`, text: t('booking.changeService') }} />
          {stepHeading(t('booking.chooseDay'))}
          {maxCompanions > 0 && <PartySize max={maxCompanions + 1} value={party} onChange={(size) => setCompanions(resize(companions, size))} />}
          <WhenPicker key={service.id} office={office} service={service} day={day} onDay={setDay} onSlot={setSlotStart} need={party} values={values} onValues={setValues} />
        </section>
      )}

      {step === 'details' && office && service && slotStart && (
        <section>
          <div className="chosen-slot">
            <p>
              <strong>{service.name}</strong>
              <br />
              {formatDate(slotStart, office.timeZone, i18n.language)}, {formatTime(slotStart, office.timeZone, i18n.language)}
              <br />
              {office.name}
              {party > 1 && (
                <>
                  <br />
                  {t('booking.party.people', { count: party })}
                </>
              )}
            </p>
            <button type="button" onClick={pickAgain}>
              {t('booking.changeTime')}
            </button>
          </div>
          {stepHeading(t('booking.yourData'))}
          {/* Who is signed in decides what this step shows: nothing until GET /me has answered. */}
          {!identity.ready ? (
            <p role="status">{t('common.loading')}</p>
          ) : service.requiresVerifiedIdentity && !verified ? (
            <VerifiedIdentityRequired claveUnica={identity.enabled} returnTo={returnHere(office.id, service.id, slotStart)} />
          ) : (
            <>
              <SignInOffer text="booking" returnTo={returnHere(office.id, service.id, slotStart)} />
              <ApplicantForm
                values={values}
                onChange={editValues}
                onSubmit={(applicant) => void submit(applicant, slotStart)}
                serverErrors={serverErrors}
                submitting={submitting && overload.state.phase !== 'stopped'}
                companions={maxCompanions > 0 ? { values: companions.slice(0, maxCompanions), max: maxCompanions, onChange: editCompanions } : undefined}
                verified={verified}
              >
                <OverloadNotice retry={overload} stoppedNext={t('overload.stoppedBooking')} />
                {problem && (
                  <ErrorNotice problem={problem} onRetry={() => void submit(values, slotStart)}>
                    {(problem.code === 'SLOT_FULL' || problem.code === 'DAY_FULL') && <SlotAlternatives problem={problem} timeZone={office.timeZone} onChoose={chooseAlternative} />}
                    {PICK_AGAIN.has(problem.code) && (
                      <button type="button" onClick={pickAgain}>
                        {t('booking.pickAgain')}
                      </button>
                    )}
                    {problem.code === 'DUPLICATE_BOOKING' && <Link to="/mi-reserva">{t('booking.goToMyBooking')}</Link>}
                    {problem.code === 'GROUP_TOO_LARGE' && <p>{t('form.companions.limit', { count: maxCompanions + 1 })}</p>}
                    {(problem.code === 'SERVICE_NOT_BOOKABLE' || problem.code === 'SERVICE_NOT_FOUND') && (
                      <Link to={`/reservar?oficina=${office.id}`}>{t('booking.changeService')}</Link>
                    )}
                    {(problem.code === 'VERIFIED_IDENTITY_REQUIRED' || problem.code === 'SIGN_IN_REQUIRED') && <ClaveUnicaButton returnTo={returnHere(office.id, service.id, slotStart)} />}
                  </ErrorNotice>
                )}
              </ApplicantForm>
            </>
          )}
        </section>
      )}
    </div>
  );
}

/** This page with the chosen office, procedure and time: where a sign-in from the form comes back to. */
const returnHere = (officeId: string, serviceId: string, slotStart: string) =>
  `/reservar?${new URLSearchParams({ oficina: officeId, tramite: serviceId, hora: slotStart }).toString()}`;

/**
 * Instead of the form, for a procedure that requires a verified identity and nobody signed in:
 * why, and the way to sign in (coming back to this time). Without ClaveÚnica on this site, only why.
 */
function VerifiedIdentityRequired({ claveUnica, returnTo }: { claveUnica: boolean; returnTo: string }) {
  const { t } = useTranslation('applicant');
  return (
    <div className="notice verified-required" data-testid="verified-identity-required">
      <p className="notice-title">{t('identity.required.title')}</p>
      <p>{claveUnica ? t('identity.required.text') : t('identity.required.unavailable')}</p>
      <ClaveUnicaButton returnTo={returnTo} />
    </div>
  );
}

function StepProgress({ current }: { current: Step }) {
  const { t } = useTranslation('applicant');
  const index = STEPS.indexOf(current);
  return (
    <ol className="step-progress" aria-label={t('booking.progress')}>
      {STEPS.map((step, i) => (
        <li key={step} aria-current={i === index ? 'step' : undefined} className={i < index ? 'done' : undefined}>
          <span className="step-number" aria-hidden="true">
            {i + 1}
          </span>{' '}
          {t(`booking.steps.${step}`)}
        </li>
      ))}
    </ol>
  );
}

function Chosen({ label, value, change }: { label: string; value: ReactNode; change: { to: string; text: string } }) {
  return (
    <p className="chosen">
      <span className="chosen-label">{label}:</span> <strong>{value}</strong> <Link to={change.to}>{change.text}</Link>
    </p>
  );
}

export function OfficeList({ offices }: { offices: Office[] }) {
  const { t } = useTranslation('applicant');
  if (offices.length === 0) return <p>{t('booking.noOffices')}</p>;
  return (
    <ul className="cards">
      {offices.map((office) => (
        <li key={office.id} className="card">
          <h3>{office.name}</h3>
          {office.address && <p>{office.address}</p>}
          <OfficeNotices officeId={office.id} timeZone={office.timeZone} />
          <Link className="button-link t-primary" to={`/reservar?oficina=${office.id}`} aria-label={t('booking.bookAt', { office: office.name })}>
            {t('booking.choose')}
          </Link>
        </li>
      ))}
    </ul>
  );
}

function ServiceList({ office, services }: { office: Office; services: PublicService[] }) {
  const { t } = useTranslation('applicant');
  const { enabled: claveUnica } = useIdentity();
  const withBooking = services.filter(bookable);
  const walkInOnly = services.filter((s) => !bookable(s));
  return (
    <>
      {withBooking.length === 0 && <p>{t('booking.noServices')}</p>}
      <ul className="cards">
        {withBooking.map((service) => (
          <li key={service.id} className="card">
            <h3>{service.name}</h3>
            <Requirements requirements={service.requirements} />
            {service.requiresVerifiedIdentity && claveUnica && <p className="verified-mark">{t('identity.required.card')}</p>}
            <Link className="button-link t-primary" to={`/reservar?oficina=${office.id}&tramite=${service.id}`} aria-label={t('booking.bookService', { service: service.name })}>
              {t('booking.choose')}
            </Link>
          </li>
        ))}
      </ul>
      {walkInOnly.length > 0 && (
        <section className="walk-in">
          <h3>{t('booking.walkInTitle')}</h3>
          <p>{t('booking.walkInText')}</p>
          <ul>
            {walkInOnly.map((service) => (
              <li key={service.id}>
                <strong>{service.name}</strong>
                <Requirements requirements={service.requirements} />
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

function Requirements({ requirements }: { requirements: string[] }) {
  const { t } = useTranslation('applicant');
  if (requirements.length === 0) return null;
  return (
    <div className="requirements">
      <p className="requirements-title">{t('details.bring')}</p>
      <ul>
        {requirements.map((requirement) => (
          <li key={requirement}>{requirement}</li>
        ))}
      </ul>
    </div>
  );
}

/** "¿Cuántas personas vienen?": the party's size, so that only times with room for everyone are offered. */
function PartySize({ max, value, onChange }: { max: number; value: number; onChange(size: number): void }) {
  const { t } = useTranslation('applicant');
  const id = useId();
  return (
    <div className="field party-size">
      <label htmlFor={id}>{t('booking.party.label')}</label>
      <p className="hint" id={`${id}-hint`}>
        {t('booking.party.hint', { count: max })}
      </p>
      <select id={id} value={value} aria-describedby={`${id}-hint`} onChange={(event) => onChange(Number(event.target.value))}>
        {Array.from({ length: max }, (_, i) => i + 1).map((size) => (
          <option key={size} value={size}>
            {size === 1 ? t('booking.party.alone') : t('booking.party.people', { count: size })}
          </option>
        ))}
      </select>
    </div>
  );
}

interface WhenPickerProps {
  office: Office;
  service: PublicService;
  day: string | null;
  onDay(day: string): void;
  onSlot(start: string): void;
  /** The party's size: days and times without room for all of them cannot be chosen. */
  need: number;
  /** The applicant's data, shared with the waitlist's form. */
  values: ApplicantValues;
  onValues(values: ApplicantValues): void;
}

/**
 * The month calendar and the chosen day's times. A full day may be chosen too: it offers the
 * waitlist ("Avísenme si se libera una hora") for that day, and so does a month without room
 * (for the month's days within the horizon).
 */
function WhenPicker({ office, service, day, onDay, onSlot, need, values, onValues }: WhenPickerProps) {
  const { t } = useTranslation('applicant');
  const availability = useAvailability(service.id, office.timeZone);
  const chosen = day ? availability.days.get(day) : undefined;
  const slots = useRef<HTMLDivElement>(null);
  const [joining, setJoining] = useState<{ from: string; to: string } | null>(null);
  const { today, month } = availability;
  const lastDate = addDays(today, service.bookingHorizonDays);
  const select = (date: string) => {
    onDay(date);
    setJoining(null);
    // Bring the day's times into view (below the calendar on a phone).
    requestAnimationFrame(() => slots.current?.scrollIntoView({ block: 'start', behavior: 'smooth' }));
  };

  // The waitlist is one person's: offered on a day full for anyone, not one only too small for a group.
  const chosenFull = chosen !== undefined && dayKind(chosen) === 'full';
  const shownDays = [...availability.days.values()].filter((d) => d.date.startsWith(month.slice(0, 7)) && d.date >= today && d.date <= lastDate);
  const monthFull = !availability.loading && shownDays.length > 0 && shownDays.every((d) => dayKind(d) !== 'available') && shownDays.some((d) => dayKind(d) === 'full');
  const offer = chosenFull
    ? { text: t('waitlist.offer.fullDay'), from: chosen.date, to: chosen.date }
    : monthFull
      ? { text: t('waitlist.offer.fullMonth'), from: month < today ? today : month, to: monthEnd(month) > lastDate ? lastDate : monthEnd(month) }
      : null;

  return (
    <div className="when">
      <MonthCalendar
        availability={availability}
        timeZone={office.timeZone}
        selected={day}
        onSelect={select}
        onSelectFull={select}
        lastDate={lastDate}
        need={need}
      />
      <div ref={slots}>
        {chosen && <SlotPicker day={chosen} timeZone={office.timeZone} selected={null} onSelect={onSlot} need={need} />}
        {chosen && need > 1 && !chosenFull && dayKind(chosen, need) === 'full' && <p>{t('waitlist.offer.fullGroup', { count: need })}</p>}
        {offer && !joining && (
          <div className="waitlist-offer-box notice">
            <p className="notice-title">{offer.text}</p>
            <p>{t('waitlist.offer.text')}</p>
            <button type="button" className="t-primary" onClick={() => setJoining({ from: offer.from, to: offer.to })}>
              {t('waitlist.offer.button')}
            </button>
          </div>
        )}
        {joining && (
          <WaitlistJoinForm
            key={`${joining.from}/${joining.to}`}
            service={service}
            timeZone={office.timeZone}
            range={{ first: today, last: lastDate }}
            initialFrom={joining.from}
            initialTo={joining.to}
            values={values}
            onChange={onValues}
            onCancel={() => setJoining(null)}
          />
        )}
      </div>
    </div>
  );
}
