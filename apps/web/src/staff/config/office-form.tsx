import { type ApiError, type Office, unwrap } from '@turnero/api-client';
import { type FormEvent, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { staffApi } from '../api.js';
import { asApiError, errorMessage, isInvalid } from '../common/errors.js';
import { Field, SelectField } from '../common/fields.js';
import { Notice } from '../common/notice.js';
import { DEFAULT_MESSAGE_SETTINGS, MessageSettings, messageSettingsBody, messageSettingsOf } from './message-settings.js';
import { compactHours, OpeningHoursEditor, type WeeklyHours } from './opening-hours-editor.js';

type GroupTickets = Office['groupTickets'];
const GROUP_TICKETS: readonly GroupTickets[] = ['one', 'per_person'];

const DEFAULT_HOURS: WeeklyHours = Object.fromEntries(['1', '2', '3', '4', '5'].map((day) => [day, [{ start: '08:30', end: '14:00' }]]));

function timeZones(current: string): string[] {
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return zones.includes(current) ? zones : [current, ...zones];
}

/** An office's details, hours, settings and messages: create (admin) or change (POST /offices, PATCH /offices/{id}). */
export function OfficeForm({ office, onSaved, onCancel }: { office: Office | null; onSaved(office: Office): void; onCancel?: () => void }) {
  const { t } = useTranslation('staff');
  const [name, setName] = useState(office?.name ?? '');
  const [address, setAddress] = useState(office?.address ?? '');
  const [timeZone, setTimeZone] = useState(office?.timeZone ?? 'America/Santiago');
  const [holidayCountry, setHolidayCountry] = useState(office?.holidayCountry ?? 'CL');
  const [holidayRegion, setHolidayRegion] = useState(office?.holidayRegion ?? '');
  const [waitTarget, setWaitTarget] = useState(String(office?.waitTargetMinutes ?? 30));
  const [retention, setRetention] = useState(String(office?.personalDataRetentionDays ?? 365));
  const [holdMinutes, setHoldMinutes] = useState(String(office?.waitlistHoldMinutes ?? 30));
  const [groupTickets, setGroupTickets] = useState<GroupTickets>(office?.groupTickets ?? 'one');
  const [messageSettings, setMessageSettings] = useState(() => (office ? messageSettingsOf(office) : DEFAULT_MESSAGE_SETTINGS));
  const [hours, setHours] = useState<WeeklyHours>(() => (office ? (office.openingHours as WeeklyHours) : DEFAULT_HOURS));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const zones = useMemo(() => timeZones(timeZone), [timeZone]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const body = {
      name: name.trim(),
      address: address.trim() || null,
      timeZone,
      holidayCountry: holidayCountry.trim().toUpperCase(),
      holidayRegion: holidayRegion.trim().toUpperCase() || null,
      waitTargetMinutes: Number(waitTarget),
      personalDataRetentionDays: Number(retention),
      waitlistHoldMinutes: Number(holdMinutes),
      groupTickets,
      openingHours: compactHours(hours),
      ...messageSettingsBody(messageSettings),
    };
    try {
      onSaved(
        office
          ? await unwrap(staffApi.PATCH('/api/v1/offices/{officeId}', { params: { path: { officeId: office.id } }, body }))
          : await unwrap(staffApi.POST('/api/v1/offices', { body })),
      );
    } catch (caught) {
      setError(asApiError(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="staff-form" onSubmit={(event) => void submit(event)}>
      <div className="staff-grid-form">
        <Field label={t('office.name')} value={name} onChange={setName} required minLength={2} maxLength={200} invalid={isInvalid(error, 'name')} />
        <Field label={t('office.address')} value={address} onChange={setAddress} maxLength={300} invalid={isInvalid(error, 'address')} />
        <SelectField label={t('office.timeZone')} value={timeZone} onChange={setTimeZone} options={zones.map((zone) => ({ value: zone, label: zone }))} invalid={isInvalid(error, 'timeZone')} />
        <Field label={t('office.holidayCountry')} value={holidayCountry} onChange={setHolidayCountry} required pattern="[A-Za-z]{2}" maxLength={2} invalid={isInvalid(error, 'holidayCountry')} hint={t('office.holidayCountryHint')} />
        <Field label={t('office.holidayRegion')} value={holidayRegion} onChange={setHolidayRegion} maxLength={3} invalid={isInvalid(error, 'holidayRegion')} hint={t('office.holidayRegionHint')} />
        <Field
          label={t('office.waitTarget')}
          type="number"
          min={1}
          max={480}
          value={waitTarget}
          onChange={setWaitTarget}
          required
          invalid={isInvalid(error, 'waitTargetMinutes')}
          hint={t('office.waitTargetHint')}
        />
        <Field
          label={t('office.retention')}
          type="number"
          min={1}
          max={3650}
          value={retention}
          onChange={setRetention}
          required
          invalid={isInvalid(error, 'personalDataRetentionDays')}
          hint={t('office.retentionHint')}
        />
        <Field
          label={t('office.waitlistHold')}
          type="number"
          min={5}
          max={1440}
          value={holdMinutes}
          onChange={setHoldMinutes}
          required
          invalid={isInvalid(error, 'waitlistHoldMinutes')}
          hint={t('office.waitlistHoldHint')}
        />
        <SelectField
          label={t('office.groupTickets')}
          value={groupTickets}
          onChange={(value) => setGroupTickets(value as GroupTickets)}
          options={GROUP_TICKETS.map((mode) => ({ value: mode, label: t(`office.groupTicketModes.${mode}`) }))}
          invalid={isInvalid(error, 'groupTickets')}
        />
      </div>
      <OpeningHoursEditor value={hours} onChange={setHours} invalid={isInvalid(error, 'openingHours')} />
      <MessageSettings officeId={office?.id ?? null} value={messageSettings} onChange={setMessageSettings} error={error} />
      {error && <Notice kind="error">{errorMessage(t, error)}</Notice>}
      <div className="staff-actions">
        <button type="submit" className="t-primary" aria-disabled={busy}>
          {office ? t('common.saveChanges') : t('offices.create')}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}
