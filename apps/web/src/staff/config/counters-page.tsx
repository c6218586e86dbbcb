import { type ApiError, type Counter, type Service, unwrap } from '@turnero/api-client';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { staffApi } from '../api.js';
import { asApiError, errorMessage, isInvalid } from '../common/errors.js';
import { CheckField, Field } from '../common/fields.js';
import { Notice } from '../common/notice.js';
import { usePageTitle } from '../common/page-title.js';
import { useCounters, useServices } from '../common/use-office-data.js';
import { useEditor } from '../common/use-editor.js';
import { useCurrentOffice } from '../session.js';

function CounterForm({ officeId, counter, services, onSaved, onCancel }: { officeId: string; counter: Counter | null; services: Service[]; onSaved(c: Counter): void; onCancel(): void }) {
  const { t } = useTranslation('staff');
  const [name, setName] = useState(counter?.name ?? '');
  const [serviceIds, setServiceIds] = useState<string[]>(counter?.serviceIds ?? []);
  const [active, setActive] = useState(counter?.active ?? true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const body = { name: name.trim(), serviceIds, active };
    try {
      onSaved(
        counter
          ? await unwrap(staffApi.PATCH('/api/v1/counters/{counterId}', { params: { path: { counterId: counter.id } }, body }))
          : await unwrap(staffApi.POST('/api/v1/offices/{officeId}/counters', { params: { path: { officeId } }, body })),
      );
    } catch (caught) {
      setError(asApiError(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="staff-form" onSubmit={(event) => void submit(event)}>
      <Field label={t('counters.name')} value={name} onChange={setName} required maxLength={40} invalid={isInvalid(error, 'name')} />
      <fieldset aria-invalid={isInvalid(error, 'serviceIds') || undefined}>
        <legend>{t('counters.services')}</legend>
        <div className="staff-choices">
          {services.map((s) => (
            <CheckField
              key={s.id}
              label={`${s.name} (${s.code})${s.active ? '' : ` · ${t('common.inactive')}`}`}
              checked={serviceIds.includes(s.id)}
              onChange={(checked) => setServiceIds((ids) => (checked ? [...ids, s.id] : ids.filter((id) => id !== s.id)))}
            />
          ))}
        </div>
      </fieldset>
      <CheckField label={t('counters.active')} checked={active} onChange={setActive} hint={t('counters.activeHint')} />
      {error && <Notice kind="error">{errorMessage(t, error)}</Notice>}
      <div className="staff-actions">
        <button type="submit" className="t-primary" aria-disabled={busy}>
          {counter ? t('common.saveChanges') : t('counters.create')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

/** Counters and the services each may serve (`/staff/counters`). */
export function CountersPage() {
  const { t } = useTranslation('staff');
  usePageTitle(t('counters.title'));
  const office = useCurrentOffice();
  const counters = useCounters(office.id);
  const services = useServices(office.id);
  const { editing, saved, formHeading, edit, done, cancel } = useEditor<Counter>();

  const error = counters.error ?? services.error;
  return (
    <>
      <div className="staff-page-head">
        <h1>{t('counters.title')}</h1>
        <button type="button" className="t-primary" onClick={() => edit('new')}>
          {t('counters.new')}
        </button>
      </div>
      {error && <Notice kind="error">{errorMessage(t, error)}</Notice>}
      {saved && <Notice kind="success">{t('common.savedNamed', { name: saved })}</Notice>}
      {editing && services.data && (
        <section className="staff-panel" aria-labelledby="counter-form-title">
          <h2 id="counter-form-title" ref={formHeading} tabIndex={-1}>
            {editing === 'new' ? t('counters.new') : t('counters.editTitle', { name: editing.name })}
          </h2>
          <CounterForm
            key={editing === 'new' ? 'new' : editing.id}
            officeId={office.id}
            counter={editing === 'new' ? null : editing}
            services={services.data}
            onSaved={(counter) => {
              done(counter.name);
              void counters.reload();
            }}
            onCancel={cancel}
          />
        </section>
      )}
      {counters.data && services.data ? (
        <div className="staff-table-wrap" tabIndex={0} role="region" aria-label={t('counters.title')}>
          <table className="staff-table">
            <thead>
              <tr>
                <th scope="col">{t('counters.name')}</th>
                <th scope="col">{t('counters.services')}</th>
                <th scope="col">{t('queue.status')}</th>
                <th scope="col">
                  <span className="t-visually-hidden">{t('common.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {counters.data.map((counter) => (
                <tr key={counter.id}>
                  <th scope="row">{counter.name}</th>
                  <td>
                    {services.data!
                      .filter((s) => counter.serviceIds.includes(s.id))
                      .map((s) => s.name)
                      .join(', ') || '—'}
                  </td>
                  <td>{!counter.active ? t('common.inactive') : counter.open ? t('board.open') : t('board.closed')}</td>
                  <td>
                    <button type="button" onClick={() => edit(counter)} aria-label={t('common.editNamed', { name: counter.name })}>
                      {t('common.edit')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        !error && <p role="status">{t('common.loading')}</p>
      )}
    </>
  );
}
