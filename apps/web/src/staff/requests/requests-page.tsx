import { formatDate } from '@turnero/ui';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { errorMessage } from '../common/errors.js';
import { CheckField, Field, SelectField } from '../common/fields.js';
import { Notice } from '../common/notice.js';
import { usePageTitle } from '../common/page-title.js';
import { useApiData } from '../common/use-api-data.js';
import { staffPath } from '../navigation.js';
import { useCurrentOffice, useSession } from '../session.js';
import { activeTopics, CHANNELS, colleagues, type InboxQuery, KINDS, listRequests, OPEN, type RequestChannel, type RequestKind, type RequestStatus, STATUSES } from './requests-api.js';
import { DueDate } from './request-words.js';
import './requests.css';

const PAGE_SIZE = 25;
const UUID = /^[0-9a-f-]{36}$/i;

const oneOf = <T extends string>(values: readonly T[], value: string | null): T | undefined => ((values as readonly string[]).includes(value ?? '') ? (value as T) : undefined);

/**
 * The office's requests and complaints (`/staff/requests`, issue #17): filters, counts and a paged
 * table ordered by due date. The filters live in the URL's query (no personal data in them); a
 * search by code is kept in the page's memory.
 */
export function RequestsPage() {
  const { t, i18n } = useTranslation('staff');
  usePageTitle(t('requests.title'));
  const office = useCurrentOffice();
  const { user } = useSession();
  const supervisor = user?.role !== 'agent';
  const [params, setParams] = useSearchParams();

  const assigneeParam = params.get('assignee') ?? '';
  const filters: InboxQuery = {
    status: params.get('status') === 'open' ? OPEN : oneOf<RequestStatus>(STATUSES, params.get('status')),
    kind: oneOf<RequestKind>(KINDS, params.get('kind')),
    topicId: UUID.test(params.get('topic') ?? '') ? params.get('topic')! : undefined,
    overdue: params.get('overdue') === '1' || undefined,
    due: params.get('due') === 'week' ? 'week' : undefined,
    assignee: assigneeParam === 'me' || assigneeParam === 'none' || UUID.test(assigneeParam) ? assigneeParam : undefined,
    channel: oneOf<RequestChannel>(CHANNELS, params.get('channel')),
    page: Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1),
    pageSize: PAGE_SIZE,
  };
  const [query, setQuery] = useState('');
  const [code, setCode] = useState('');

  const list = useApiData(() => listRequests(office.id, { ...filters, q: code || undefined }), [office.id, params.toString(), code]);
  // Counts beside the filters: what needs attention now, whatever the table shows.
  const counts = useApiData(async () => {
    const [overdue, week, unassigned] = await Promise.all([
      listRequests(office.id, { overdue: true, pageSize: 1 }),
      listRequests(office.id, { due: 'week', pageSize: 1 }),
      listRequests(office.id, { assignee: 'none', status: 'received', pageSize: 1 }),
    ]);
    return { overdue: overdue.total, week: week.total, unassigned: unassigned.total };
  }, [office.id]);
  const topics = useApiData(() => activeTopics(office.id), [office.id]);
  const team = useApiData(() => colleagues(office.id), [office.id]);

  function choose(next: Record<string, string>) {
    const merged: Record<string, string> = { ...Object.fromEntries(params.entries()), page: '', ...next };
    setParams(Object.fromEntries(Object.entries(merged).filter(([, value]) => value)));
  }

  function search(event: FormEvent) {
    event.preventDefault();
    setCode(query.trim().toUpperCase());
  }

  const data = list.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;
  const page = filters.page ?? 1;
  const caption = code ? t('requests.searchResults', { count: data?.total ?? 0, code }) : t('requests.found', { count: data?.total ?? 0 });

  return (
    <>
      <div className="staff-page-head">
        <h1>{t('requests.title')}</h1>
        <div className="staff-actions">
          <Link to={staffPath('requests/new')}>{t('requests.register')}</Link>
          {supervisor && <Link to={staffPath('requests/settings')}>{t('requests.settingsLink')}</Link>}
        </div>
      </div>
      <p className="staff-hint">{t('requests.intro')}</p>

      {counts.data && (
        <ul className="staff-kpis staff-request-counts" aria-label={t('requests.countsLabel')}>
          <li>
            <button type="button" onClick={() => choose({ overdue: '1', due: '', status: '' })}>
              <span className="staff-kpi-value">{counts.data.overdue}</span> <span className="staff-kpi-label">{t('requests.counts.overdue')}</span>
            </button>
          </li>
          <li>
            <button type="button" onClick={() => choose({ due: 'week', overdue: '', status: '' })}>
              <span className="staff-kpi-value">{counts.data.week}</span> <span className="staff-kpi-label">{t('requests.counts.week')}</span>
            </button>
          </li>
          <li>
            <button type="button" onClick={() => choose({ assignee: 'none', status: 'received', overdue: '', due: '' })}>
              <span className="staff-kpi-value">{counts.data.unassigned}</span> <span className="staff-kpi-label">{t('requests.counts.unassigned')}</span>
            </button>
          </li>
        </ul>
      )}

      <div className="staff-form staff-filters" role="group" aria-label={t('requests.filters')}>
        <SelectField
          label={t('requests.status')}
          value={params.get('status') === 'open' ? 'open' : ((filters.status as RequestStatus | undefined) ?? '')}
          onChange={(value) => choose({ status: value })}
          options={[{ value: '', label: t('requests.all') }, { value: 'open', label: t('requests.openOnly') }, ...STATUSES.map((s) => ({ value: s, label: t(`requests.statuses.${s}`) }))]}
        />
        <SelectField
          label={t('requests.kind')}
          value={filters.kind ?? ''}
          onChange={(value) => choose({ kind: value })}
          options={[{ value: '', label: t('requests.all') }, ...KINDS.map((k) => ({ value: k, label: t(`requests.kinds.${k}`) }))]}
        />
        <SelectField
          label={t('requests.topic')}
          value={filters.topicId ?? ''}
          onChange={(value) => choose({ topic: value })}
          options={[{ value: '', label: t('requests.all') }, ...(topics.data ?? []).map((topic) => ({ value: topic.id, label: topic.name }))]}
        />
        <SelectField
          label={t('requests.assignee')}
          value={filters.assignee ?? ''}
          onChange={(value) => choose({ assignee: value })}
          options={[
            { value: '', label: t('requests.anyone') },
            { value: 'me', label: t('requests.assignedToMe') },
            { value: 'none', label: t('requests.unassigned') },
            ...(team.data ?? []).filter((s) => s.id !== user?.id).map((s) => ({ value: s.id, label: t('requests.assignedTo', { name: s.username }) })),
          ]}
        />
        <SelectField
          label={t('requests.channel')}
          value={filters.channel ?? ''}
          onChange={(value) => choose({ channel: value })}
          options={[{ value: '', label: t('requests.all') }, ...CHANNELS.map((c) => ({ value: c, label: t(`requests.channels.${c}`) }))]}
        />
        <CheckField label={t('requests.overdueOnly')} checked={Boolean(filters.overdue)} onChange={(checked) => choose({ overdue: checked ? '1' : '' })} />
        <CheckField label={t('requests.dueThisWeek')} checked={filters.due === 'week'} onChange={(checked) => choose({ due: checked ? 'week' : '' })} />
        <button type="button" onClick={() => setParams({})} disabled={params.toString() === ''}>
          {t('requests.clearFilters')}
        </button>
      </div>
      <form className="staff-form staff-filters" onSubmit={search} role="search" aria-label={t('requests.searchForm')}>
        <Field label={t('requests.searchCode')} value={query} onChange={setQuery} maxLength={20} autoComplete="off" spellCheck={false} />
        <button type="submit">{t('requests.searchSubmit')}</button>
        {code && (
          <button
            type="button"
            onClick={() => {
              setCode('');
              setQuery('');
            }}
          >
            {t('requests.clearSearch')}
          </button>
        )}
      </form>

      <section aria-labelledby="requests-list-title">
        <h2 id="requests-list-title" aria-live="polite">
          {data ? caption : t('requests.listTitle')}
        </h2>
        {list.error && <Notice kind="error">{errorMessage(t, list.error)}</Notice>}
        {!data && !list.error && <p role="status">{t('common.loading')}</p>}
        {data && data.items.length === 0 && <p>{t('requests.none')}</p>}
        {data && data.items.length > 0 && (
          <div className="staff-table-wrap" tabIndex={0} role="region" aria-labelledby="requests-list-title">
            <table className="staff-table" data-testid="staff-requests">
              <thead>
                <tr>
                  <th scope="col">{t('requests.code')}</th>
                  <th scope="col">{t('requests.kind')}</th>
                  <th scope="col">{t('requests.topic')}</th>
                  <th scope="col">{t('requests.status')}</th>
                  <th scope="col">{t('requests.due')}</th>
                  <th scope="col">{t('requests.assignee')}</th>
                  <th scope="col">{t('requests.filed')}</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((item) => (
                  <tr key={item.id}>
                    <th scope="row" className="staff-code">
                      <Link to={staffPath(`requests/${item.id}`)} aria-label={t('requests.openNamed', { code: item.code })}>
                        {item.code}
                      </Link>
                    </th>
                    <td>{t(`requests.kinds.${item.kind}`)}</td>
                    <td>{item.topic.name}</td>
                    <td>{t(`requests.statuses.${item.status}`)}</td>
                    <td>
                      <DueDate item={item} timeZone={office.timeZone} />
                    </td>
                    <td>{item.assignee ? (item.assignee.id === user?.id ? t('requests.me', { name: item.assignee.username }) : item.assignee.username) : <span className="staff-muted">{t('requests.nobody')}</span>}</td>
                    <td>
                      {formatDate(item.filedAt, office.timeZone, i18n.language, 'medium')} · {t(`requests.channels.${item.channel}`)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {data && pages > 1 && (
          <nav className="staff-actions" aria-label={t('requests.pages')}>
            <button type="button" disabled={page <= 1} onClick={() => choose({ page: String(page - 1) })}>
              {t('requests.previous')}
            </button>
            <span>{t('requests.pageOf', { page, pages })}</span>
            <button type="button" disabled={page >= pages} onClick={() => choose({ page: String(page + 1) })}>
              {t('requests.next')}
            </button>
          </nav>
        )}
      </section>
    </>
  );
}
