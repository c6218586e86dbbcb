import type { CreateBooking, Office, PublicService } from '@turnero/api-client';
import { dateIn, formatDate, formatTime } from '@turnero/ui';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api } from '../../api.js';
import { addDays } from '../calendar/calendar-dates.js';
import { MonthCalendar } from '../calendar/month-calendar.js';
import { SlotAlternatives } from '../calendar/slot-alternatives.js';
import { SlotPicker } from '../calendar/slot-picker.js';
import { useAvailability } from '../calendar/use-availability.js';
import { call, type Problem } from '../common/api-call.js';
import { ErrorNotice } from '../common/error-notice.js';
import { useIdempotencyKey } from '../common/idempotency.js';
import { OfficeNotices } from '../common/office-notices.js';
import { usePageTitle } from '../common/page-title.js';
import { useLoad } from '../common/use-load.js';
import { ApplicantForm, type ApplicantValues, EMPTY_APPLICANT, type FieldErrors, fieldErrorsFromApi } from './applicant-form.js';

type Step = 'office' | 'service' | 'when' | 'details';
const STEPS: Step[] = ['office', 'service', 'when', 'details'];

/** Codes after which the applicant must pick another day or time (the calendar is read again). */
const PICK_AGAIN = new Set(['SLOT_FULL', 'DAY_FULL', 'OUTSIDE_BOOKING_WINDOW', 'OFFICE_CLOSED', 'NOT_A_SLOT']);

const bookable = (service: PublicService) => service.mode !== 'walk_in';

/**
 * `/reservar`: office → procedure (with what to bring) → day and time → the applicant's data →
 * POST /bookings → the confirmation page. The office and procedure are in the query string
 * (`?oficina=…&tramite=…`, ids only) so Back and reloads work; personal data stays in memory.
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
  const [slotStart, setSlotStart] = useState<string | null>(null);
  const [values, setValues] = useState<ApplicantValues>(EMPTY_APPLICANT);
  const [submitting, setSubmitting] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const keyFor = useIdempotencyKey();

  const step: Step = !office ? 'office' : !service ? 'service' : slotStart ? 'details' : 'when';
  usePageTitle(t(`booking.steps.${step}`));

  // One office: nothing to choose.
  useEffect(() => {
    if (!officeId && offices.state === 'ready' && offices.data.length === 1) setParams({ oficina: offices.data[0].id }, { replace: true });
  }, [officeId, offices, setParams]);

  // Another procedure: start the choice of time over.
  useEffect(() => {
    setDay(null);
    setSlotStart(null);
    setProblem(null);
  }, [serviceId]);

  // Each step's heading takes the focus when the step changes (not on the first render).
  const heading = useRef<HTMLHeadingElement>(null);
  const previousStep = useRef(step);
  useEffect(() => {
    if (previousStep.current !== step) heading.current?.focus();
    previousStep.current = step;
  }, [step]);

  const submit = async (applicant: ApplicantValues, start: string) => {
    if (!service) return;
    const body: CreateBooking = {
      serviceId: service.id,
      slotStart: start,
      applicant: {
        documentType: applicant.documentType,
        documentNumber: applicant.documentNumber.trim(),
        fullName: applicant.fullName.trim(),
        ...(applicant.email.trim() ? { email: applicant.email.trim() } : {}),
        ...(applicant.phone.trim() ? { phone: applicant.phone.trim(), smsConsent: applicant.smsConsent } : {}),
      },
      preferential: applicant.preferential,
    };
    setSubmitting(true);
    setProblem(null);
    setServerErrors({});
    const outcome = await call(api.POST('/api/v1/bookings', { body, headers: { 'Idempotency-Key': keyFor(body) } }));
    setSubmitting(false);
    if (outcome.ok) {
      navigate(`/reserva/${encodeURIComponent(outcome.data.code)}`, { state: { booking: outcome.data } });
      return;
    }
    const failure = outcome.problem;
    if (failure.code === 'INVALID_RUT') setServerErrors({ documentNumber: 'form.errors.rutCheckDigit' });
    else if (failure.code === 'INVALID_DOCUMENT') setServerErrors({ documentNumber: 'form.errors.document' });
    else if (failure.code === 'VALIDATION_FAILED') setServerErrors(fieldErrorsFromApi(failure.fieldErrors));
    setProblem(failure);
  };

  const chooseAlternative = (start: string) => {
    if (!service || !office) return;
    setDay(dateIn(office.timeZone, new Date(start)));
    setSlotStart(start);
    void submit(values, start);
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
          <WhenPicker key={service.id} office={office} service={service} day={day} onDay={setDay} onSlot={setSlotStart} />
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
            </p>
            <button type="button" onClick={pickAgain}>
              {t('booking.changeTime')}
            </button>
          </div>
          {stepHeading(t('booking.yourData'))}
          <ApplicantForm
            values={values}
            onChange={setValues}
            onSubmit={(applicant) => void submit(applicant, slotStart)}
            serverErrors={serverErrors}
            submitting={submitting}
          >
            {problem && (
              <ErrorNotice problem={problem} onRetry={() => void submit(values, slotStart)}>
                {(problem.code === 'SLOT_FULL' || problem.code === 'DAY_FULL') && <SlotAlternatives problem={problem} timeZone={office.timeZone} onChoose={chooseAlternative} />}
                {PICK_AGAIN.has(problem.code) && (
                  <button type="button" onClick={pickAgain}>
                    {t('booking.pickAgain')}
                  </button>
                )}
                {problem.code === 'DUPLICATE_BOOKING' && <Link to="/mi-reserva">{t('booking.goToMyBooking')}</Link>}
                {(problem.code === 'SERVICE_NOT_BOOKABLE' || problem.code === 'SERVICE_NOT_FOUND') && (
                  <Link to={`/reservar?oficina=${office.id}`}>{t('booking.changeService')}</Link>
                )}
              </ErrorNotice>
            )}
          </ApplicantForm>
        </section>
      )}
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

function WhenPicker({ office, service, day, onDay, onSlot }: { office: Office; service: PublicService; day: string | null; onDay(day: string): void; onSlot(start: string): void }) {
  const availability = useAvailability(service.id, office.timeZone);
  const chosen = day ? availability.days.get(day) : undefined;
  const slots = useRef<HTMLDivElement>(null);
  const select = (date: string) => {
    onDay(date);
    // Bring the day's times into view (below the calendar on a phone).
    requestAnimationFrame(() => slots.current?.scrollIntoView({ block: 'start', behavior: 'smooth' }));
  };
  return (
    <div className="when">
      <MonthCalendar availability={availability} timeZone={office.timeZone} selected={day} onSelect={select} lastDate={addDays(availability.today, service.bookingHorizonDays)} />
      <div ref={slots}>{chosen && <SlotPicker day={chosen} timeZone={office.timeZone} selected={null} onSelect={onSlot} />}</div>
    </div>
  );
}
