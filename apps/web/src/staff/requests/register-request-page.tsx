import type { ApiError } from '@turnero/api-client';
import { formatDate } from '@turnero/ui';
import { type FormEvent, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { asApiError, errorMessage, isInvalid } from '../common/errors.js';
import { CheckField, Field, SelectField } from '../common/fields.js';
import { Notice } from '../common/notice.js';
import { usePageTitle } from '../common/page-title.js';
import { useApiData } from '../common/use-api-data.js';
import { staffPath } from '../navigation.js';
import { useCurrentOffice } from '../session.js';
import { activeTopics, KINDS, type Registered, registerRequest, type RequestKind, STAFF_CHANNELS, type StaffChannel } from './requests-api.js';
import './requests.css';

const DESCRIPTION_MAX = 5000;
const EMPTY = { channel: '', kind: '', topicId: '', description: '', fullName: '', email: '', phone: '', documentNumber: '' };

/**
 * "Registrar solicitud" (`/staff/requests/new`): a request that reached the office by phone, email,
 * letter or at the counter, filed on the person's behalf with its channel; the code to tell them.
 */
export function RegisterRequestPage() {
  const { t, i18n } = useTranslation('staff');
  usePageTitle(t('requests.registerTitle'));
  const office = useCurrentOffice();
  const topics = useApiData(() => activeTopics(office.id), [office.id]);
  const [form, setForm] = useState(EMPTY);
  const [smsConsent, setSmsConsent] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [registered, setRegistered] = useState<Registered | null>(null);
  const result = useRef<HTMLDivElement>(null);
  const descriptionId = useId();
  const set = (field: keyof typeof EMPTY) => (value: string) => setForm((current) => ({ ...current, [field]: value }));
  const anonymousAllowed = form.kind === 'suggestion' || form.kind === 'commendation';

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const contact = Object.fromEntries(
        Object.entries({ fullName: form.fullName, email: form.email, phone: form.phone, documentNumber: form.documentNumber })
          .map(([key, value]) => [key, value.trim()])
          .filter(([, value]) => value),
      );
      const created = await registerRequest(office.id, {
        channel: form.channel as StaffChannel,
        kind: form.kind as RequestKind,
        topicId: form.topicId,
        description: form.description.trim(),
        ...(Object.keys(contact).length > 0 ? { contact: { ...contact, ...(contact.phone ? { smsConsent } : {}) } } : {}),
      });
      setRegistered(created);
      setForm(EMPTY);
      setSmsConsent(false);
      requestAnimationFrame(() => result.current?.focus());
    } catch (caught) {
      setError(asApiError(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <p className="t-no-print">
        <Link to={staffPath('requests')}>{t('requests.back')}</Link>
      </p>
      <h1>{t('requests.registerTitle')}</h1>
      <p className="staff-hint">{t('requests.registerIntro')}</p>
      <div aria-live="polite" ref={result} tabIndex={-1}>
        {registered && (
          <Notice kind="success">
            <p>{t('requests.registeredDone')}</p>
            <p className="staff-request-code">
              {t('requests.codeToTell')} <strong data-testid="registered-code">{registered.code}</strong>
            </p>
            <p>{t('requests.registeredDue', { date: formatDate(registered.dueDate, office.timeZone, i18n.language, 'long') })}</p>
            <p>
              <Link to={staffPath(`requests/${registered.id}`)}>{t('requests.openRegistered', { code: registered.code })}</Link>
            </p>
          </Notice>
        )}
      </div>
      <section className="staff-panel" aria-labelledby="register-form-title">
        <h2 id="register-form-title">{t('requests.registerForm')}</h2>
        <form className="staff-form" onSubmit={(event) => void submit(event)}>
          <div className="staff-grid-form">
            <SelectField
              label={t('requests.receivedBy')}
              required
              value={form.channel}
              onChange={set('channel')}
              invalid={isInvalid(error, 'channel')}
              options={[{ value: '', label: t('common.choose') }, ...STAFF_CHANNELS.map((c) => ({ value: c, label: t(`requests.channels.${c}`) }))]}
            />
            <SelectField
              label={t('requests.kind')}
              required
              value={form.kind}
              onChange={set('kind')}
              invalid={isInvalid(error, 'kind')}
              options={[{ value: '', label: t('common.choose') }, ...KINDS.map((k) => ({ value: k, label: t(`requests.kinds.${k}`) }))]}
            />
            <SelectField
              label={t('requests.topic')}
              required
              value={form.topicId}
              onChange={set('topicId')}
              invalid={isInvalid(error, 'topicId')}
              options={[{ value: '', label: t('common.choose') }, ...(topics.data ?? []).map((topic) => ({ value: topic.id, label: topic.name }))]}
            />
            <div className="staff-field staff-span">
              <label htmlFor={descriptionId}>{t('requests.description')}</label>
              <textarea
                id={descriptionId}
                required
                rows={6}
                maxLength={DESCRIPTION_MAX}
                value={form.description}
                onChange={(event) => set('description')(event.target.value)}
                aria-invalid={isInvalid(error, 'description') || undefined}
                aria-describedby={`${descriptionId}-hint`}
              />
              <p id={`${descriptionId}-hint`} className="staff-hint">
                {t('requests.descriptionHint', { count: DESCRIPTION_MAX - form.description.length })}
              </p>
            </div>
          </div>
          <fieldset>
            <legend>{t('requests.contact')}</legend>
            <p className="staff-hint">{anonymousAllowed ? t('requests.contactOptional') : t('requests.contactRequired')}</p>
            <div className="staff-grid-form">
              <Field label={t('requests.fullName')} value={form.fullName} onChange={set('fullName')} maxLength={120} autoComplete="off" invalid={isInvalid(error, 'contact.fullName')} />
              <Field label={t('requests.email')} type="email" value={form.email} onChange={set('email')} maxLength={254} autoComplete="off" invalid={isInvalid(error, 'contact.email') || error?.code === 'CONTACT_REQUIRED'} />
              <Field
                label={t('requests.phone')}
                type="tel"
                value={form.phone}
                onChange={set('phone')}
                maxLength={20}
                autoComplete="off"
                hint={t('requests.phoneHint')}
                invalid={isInvalid(error, 'contact.phone') || error?.code === 'CONTACT_REQUIRED'}
              />
              <div className="staff-span">
                <CheckField label={t('requests.smsConsent')} hint={t('requests.smsConsentHint')} checked={smsConsent} onChange={setSmsConsent} />
              </div>
              <Field label={t('requests.documentOptional')} value={form.documentNumber} onChange={set('documentNumber')} maxLength={20} autoComplete="off" invalid={isInvalid(error, 'contact.documentNumber')} />
            </div>
          </fieldset>
          {error && <Notice kind="error">{errorMessage(t, error)}</Notice>}
          <button type="submit" className="t-primary" aria-disabled={busy}>
            {t('requests.registerSubmit')}
          </button>
        </form>
      </section>
    </>
  );
}
