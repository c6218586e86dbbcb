import type { ApiError } from '@turnero/api-client';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { asApiError, errorMessage, isInvalid } from '../common/errors.js';
import { CheckField, Field } from '../common/fields.js';
import { Notice } from '../common/notice.js';
import { usePageTitle } from '../common/page-title.js';
import { useApiData } from '../common/use-api-data.js';
import { staffPath } from '../navigation.js';
import { useCurrentOffice, useOffice } from '../session.js';
import { createTopic, type DeadlineDays, KINDS, manageTopics, saveDeadlines, type Topic, updateTopic } from './requests-api.js';

/**
 * Supervisors' settings of requests and complaints (`/staff/requests/settings`): the office's topic
 * catalogue (names in Spanish and English, active or not, order) and the deadline of each kind in
 * working days.
 */
export function RequestSettingsPage() {
  const { t } = useTranslation('staff');
  usePageTitle(t('requestSettings.title'));
  return (
    <>
      <p className="t-no-print">
        <Link to={staffPath('requests')}>{t('requests.back')}</Link>
      </p>
      <h1>{t('requestSettings.title')}</h1>
      <p className="staff-hint">{t('requestSettings.intro')}</p>
      <TopicsSection />
      <DeadlinesSection />
    </>
  );
}

function TopicsSection() {
  const { t } = useTranslation('staff');
  const office = useCurrentOffice();
  const topics = useApiData(async () => [...(await manageTopics(office.id))].sort((a, b) => a.sortOrder - b.sortOrder || a.name.localeCompare(b.name, 'es')), [office.id]);
  const [editing, setEditing] = useState<Topic | 'new' | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  return (
    <section aria-labelledby="topics-title">
      <div className="staff-page-head">
        <h2 id="topics-title">{t('requestSettings.topics')}</h2>
        <button
          type="button"
          onClick={() => {
            setSaved(null);
            setEditing('new');
          }}
        >
          {t('requestSettings.newTopic')}
        </button>
      </div>
      <div aria-live="polite">{saved && <Notice kind="success">{t('common.savedNamed', { name: saved })}</Notice>}</div>
      {topics.error && <Notice kind="error">{errorMessage(t, topics.error)}</Notice>}
      {editing && (
        <TopicForm
          key={editing === 'new' ? 'new' : editing.id}
          officeId={office.id}
          topic={editing === 'new' ? null : editing}
          nextOrder={(topics.data?.reduce((max, topic) => Math.max(max, topic.sortOrder), 0) ?? 0) + 1}
          onSaved={(topic) => {
            setEditing(null);
            setSaved(topic.name);
            void topics.reload();
          }}
          onCancel={() => setEditing(null)}
        />
      )}
      {topics.data && topics.data.length === 0 && <p>{t('requestSettings.noTopics')}</p>}
      {topics.data && topics.data.length > 0 && (
        <div className="staff-table-wrap" tabIndex={0} role="region" aria-labelledby="topics-title">
          <table className="staff-table">
            <thead>
              <tr>
                <th scope="col">{t('requestSettings.order')}</th>
                <th scope="col">{t('requestSettings.name')}</th>
                <th scope="col">{t('requestSettings.nameEn')}</th>
                <th scope="col">{t('requestSettings.state')}</th>
                <th scope="col">{t('requestSettings.requests')}</th>
                <th scope="col">
                  <span className="t-visually-hidden">{t('common.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {topics.data.map((topic) => (
                <tr key={topic.id} className={topic.active ? undefined : 'staff-row-inactive'}>
                  <td>{topic.sortOrder}</td>
                  <th scope="row">{topic.name}</th>
                  <td>{topic.nameEn ?? ''}</td>
                  <td>{topic.active ? t('common.active') : t('common.inactive')}</td>
                  <td>{topic.requests ?? ''}</td>
                  <td className="staff-actions">
                    <button
                      type="button"
                      onClick={() => {
                        setSaved(null);
                        setEditing(topic);
                      }}
                      aria-label={t('common.editNamed', { name: topic.name })}
                    >
                      {t('common.edit')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function TopicForm({ officeId, topic, nextOrder, onSaved, onCancel }: { officeId: string; topic: Topic | null; nextOrder: number; onSaved(topic: Topic): void; onCancel(): void }) {
  const { t } = useTranslation('staff');
  const [name, setName] = useState(topic?.name ?? '');
  const [nameEn, setNameEn] = useState(topic?.nameEn ?? '');
  const [sortOrder, setSortOrder] = useState(String(topic?.sortOrder ?? nextOrder));
  const [active, setActive] = useState(topic?.active ?? true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const body = { name: name.trim(), nameEn: nameEn.trim() || null, sortOrder: Number(sortOrder) };
      onSaved(topic ? await updateTopic(topic.id, { ...body, active }) : await createTopic(officeId, body));
    } catch (caught) {
      setError(asApiError(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="staff-form staff-panel" onSubmit={(event) => void submit(event)} aria-label={topic ? t('requestSettings.editTopic', { name: topic.name }) : t('requestSettings.newTopic')}>
      <h3>{topic ? t('requestSettings.editTopic', { name: topic.name }) : t('requestSettings.newTopic')}</h3>
      <div className="staff-grid-form">
        <Field label={t('requestSettings.name')} required maxLength={120} value={name} onChange={setName} invalid={isInvalid(error, 'name')} />
        <Field label={t('requestSettings.nameEn')} maxLength={120} value={nameEn} onChange={setNameEn} invalid={isInvalid(error, 'nameEn')} hint={t('requestSettings.nameEnHint')} />
        <Field label={t('requestSettings.order')} type="number" min={0} max={1000} required value={sortOrder} onChange={setSortOrder} invalid={isInvalid(error, 'sortOrder')} />
        {topic && (
          <div className="staff-span">
            <CheckField label={t('requestSettings.active')} hint={t('requestSettings.activeHint')} checked={active} onChange={setActive} />
          </div>
        )}
      </div>
      {error && <Notice kind="error">{errorMessage(t, error)}</Notice>}
      <div className="staff-actions">
        <button type="submit" className="t-primary" aria-disabled={busy}>
          {t('common.saveChanges')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

function DeadlinesSection() {
  const { t } = useTranslation('staff');
  const office = useCurrentOffice();
  const { reloadOffices } = useOffice();
  // The API always gives them (the defaults merged in).
  const current = office.requestDeadlineDays;
  const [days, setDays] = useState<Record<string, string>>(() => Object.fromEntries(KINDS.map((kind) => [kind, String(current[kind])])));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      await saveDeadlines(office.id, Object.fromEntries(KINDS.map((kind) => [kind, Number(days[kind])])) as DeadlineDays);
      setSaved(true);
      await reloadOffices();
    } catch (caught) {
      setError(asApiError(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="staff-panel" aria-labelledby="deadlines-title">
      <h2 id="deadlines-title">{t('requestSettings.deadlines')}</h2>
      <p className="staff-hint">{t('requestSettings.deadlinesIntro')}</p>
      <form className="staff-form" onSubmit={(event) => void submit(event)}>
        <div className="staff-grid-form">
          {KINDS.map((kind) => (
            <Field
              key={kind}
              label={t('requestSettings.deadlineOf', { kind: t(`requests.kinds.${kind}`) })}
              type="number"
              min={1}
              max={60}
              required
              value={days[kind]}
              onChange={(value) => setDays((d) => ({ ...d, [kind]: value }))}
              invalid={isInvalid(error, `requestDeadlineDays.${kind}`)}
              hint={t('requestSettings.workingDays')}
            />
          ))}
        </div>
        {error && <Notice kind="error">{errorMessage(t, error)}</Notice>}
        <div aria-live="polite">{saved && <Notice kind="success">{t('requestSettings.deadlinesSaved')}</Notice>}</div>
        <button type="submit" className="t-primary" aria-disabled={busy}>
          {t('requestSettings.saveDeadlines')}
        </button>
      </form>
    </section>
  );
}
