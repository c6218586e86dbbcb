import { type ApiError, type Service, unwrap } from '@turnero/api-client';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { staffApi } from '../api.js';
import { asApiError, errorMessage, isInvalid } from '../common/errors.js';
import { CheckField, Field, intText, SelectField, toIntOrNull } from '../common/fields.js';
import { Notice } from '../common/notice.js';
import { useApiData } from '../common/use-api-data.js';

type Mode = Service['mode'];

const NUMBER_FIELDS = [
  'slotMinutes',
  'seatsPerSlot',
  'dailyAppointmentCap',
  'walkInDailyCap',
  'averageServiceMinutes',
  'bookingHorizonDays',
  'bookingLeadMinutes',
  'checkInBeforeMinutes',
  'checkInGraceMinutes',
  'maxGroupSize',
  'position',
] as const;
type NumberField = (typeof NUMBER_FIELDS)[number];

/** Create a service or change one, with its capacity settings (POST /offices/{id}/services, PATCH /services/{id}). */
export function ServiceForm({ officeId, service, onSaved, onCancel }: { officeId: string; service: Service | null; onSaved(service: Service): void; onCancel(): void }) {
  const { t } = useTranslation('staff');
  const [code, setCode] = useState(service?.code ?? '');
  const [name, setName] = useState(service?.name ?? '');
  const [mode, setMode] = useState<Mode>(service?.mode ?? 'walk_in');
  const [active, setActive] = useState(service?.active ?? true);
  const [requiresVerifiedIdentity, setRequiresVerifiedIdentity] = useState(service?.requiresVerifiedIdentity ?? false);
  // A supervisor may require ClaveÚnica before the site has it configured: the hint then says so.
  const site = useApiData(() => unwrap(staffApi.GET('/api/v1/me')), []);
  const [requirements, setRequirements] = useState((service?.requirements ?? []).join('\n'));
  const [bookingOpensAt, setBookingOpensAt] = useState(service?.bookingOpensAt ?? '00:00');
  const [numbers, setNumbers] = useState<Record<NumberField, string>>(
    () => Object.fromEntries(NUMBER_FIELDS.map((field) => [field, intText(service?.[field])])) as Record<NumberField, string>,
  );
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    // Empty: the API's default when creating, unchanged when editing; "no limit" (null) for the caps.
    const whole = (field: NumberField) => toIntOrNull(numbers[field]) ?? undefined;
    const settings = {
      slotMinutes: whole('slotMinutes'),
      seatsPerSlot: whole('seatsPerSlot'),
      averageServiceMinutes: whole('averageServiceMinutes'),
      bookingHorizonDays: whole('bookingHorizonDays'),
      bookingLeadMinutes: whole('bookingLeadMinutes'),
      checkInBeforeMinutes: whole('checkInBeforeMinutes'),
      checkInGraceMinutes: whole('checkInGraceMinutes'),
      maxGroupSize: whole('maxGroupSize'),
      position: whole('position'),
      dailyAppointmentCap: toIntOrNull(numbers.dailyAppointmentCap),
      walkInDailyCap: toIntOrNull(numbers.walkInDailyCap),
    };
    const body = {
      code: code.trim().toUpperCase(),
      name: name.trim(),
      mode,
      active,
      requiresVerifiedIdentity,
      requirements: requirements
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean),
      bookingOpensAt,
      ...settings,
    };
    try {
      const saved = service
        ? await unwrap(staffApi.PATCH('/api/v1/services/{serviceId}', { params: { path: { serviceId: service.id } }, body }))
        : await unwrap(staffApi.POST('/api/v1/offices/{officeId}/services', { params: { path: { officeId } }, body }));
      onSaved(saved);
    } catch (caught) {
      setError(asApiError(caught));
    } finally {
      setBusy(false);
    }
  }

  const number = (field: NumberField, extra: { min?: number; max?: number; hint?: string } = {}) => (
    <Field
      label={t(`services.fields.${field}`)}
      type="number"
      inputMode="numeric"
      min={extra.min ?? 0}
      max={extra.max}
      step={1}
      value={numbers[field]}
      onChange={(value) => setNumbers((n) => ({ ...n, [field]: value }))}
      invalid={isInvalid(error, field)}
      hint={extra.hint}
    />
  );
  const appointments = mode !== 'walk_in';
  const walkIns = mode !== 'appointment';

  return (
    <form className="staff-form staff-grid-form" onSubmit={(event) => void submit(event)}>
      <Field label={t('services.fields.code')} value={code} onChange={setCode} required maxLength={3} pattern="[A-Za-z]{1,3}" invalid={isInvalid(error, 'code')} hint={t('services.codeHint')} />
      <Field label={t('services.fields.name')} value={name} onChange={setName} required minLength={2} maxLength={200} invalid={isInvalid(error, 'name')} />
      <SelectField
        label={t('services.fields.mode')}
        value={mode}
        onChange={(value) => setMode(value as Mode)}
        options={(['appointment', 'walk_in', 'both'] as const).map((m) => ({ value: m, label: t(`modes.${m}`) }))}
      />
      {number('position')}
      {number('averageServiceMinutes', { min: 1, max: 480, hint: t('services.averageHint') })}
      {appointments && (
        <>
          {number('slotMinutes', { min: 5, max: 480 })}
          {number('seatsPerSlot', { min: 1, max: 500 })}
          {number('dailyAppointmentCap', { hint: t('services.noLimitHint') })}
          {number('bookingHorizonDays', { max: 366 })}
          <Field label={t('services.fields.bookingOpensAt')} type="time" value={bookingOpensAt} onChange={setBookingOpensAt} invalid={isInvalid(error, 'bookingOpensAt')} />
          {number('bookingLeadMinutes')}
          {number('checkInBeforeMinutes', { max: 720 })}
          {number('checkInGraceMinutes', { max: 720 })}
          {number('maxGroupSize', { min: 1, max: 10, hint: t('services.maxGroupSizeHint') })}
        </>
      )}
      {walkIns && number('walkInDailyCap', { hint: t('services.noLimitHint') })}
      <div className="staff-field staff-span">
        <label htmlFor="service-requirements">{t('services.fields.requirements')}</label>
        <textarea id="service-requirements" rows={4} value={requirements} onChange={(e) => setRequirements(e.target.value)} aria-describedby="service-requirements-hint" />
        <p id="service-requirements-hint" className="staff-hint">
          {t('services.requirementsHint')}
        </p>
      </div>
      {/* Bookings only: a walk-in has no booking to refuse (shown while ticked, so that it can be unticked). */}
      {(appointments || requiresVerifiedIdentity) && (
        <div className="staff-span">
          <CheckField
            label={t('services.fields.requiresVerifiedIdentity')}
            checked={requiresVerifiedIdentity}
            onChange={setRequiresVerifiedIdentity}
            hint={site.data?.claveUnica.enabled === false ? `${t('services.verifiedIdentityHint')} ${t('services.claveUnicaOff')}` : t('services.verifiedIdentityHint')}
          />
        </div>
      )}
      <div className="staff-span">
        <CheckField label={t('services.fields.active')} checked={active} onChange={setActive} hint={t('services.activeHint')} />
      </div>
      {error && (
        <div className="staff-span">
          <Notice kind="error">{errorMessage(t, error)}</Notice>
        </div>
      )}
      <div className="staff-actions staff-span">
        <button type="submit" className="t-primary" aria-disabled={busy}>
          {service ? t('common.saveChanges') : t('services.create')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
