import { type Schema, unwrap } from '@turnero/api-client';
import { formatDate } from '@turnero/ui';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import { staffApi } from '../api.js';
import { errorMessage } from '../common/errors.js';
import { Notice } from '../common/notice.js';
import { usePageTitle } from '../common/page-title.js';
import { serverClock } from '../../server-clock.js';
import { useApiData } from '../common/use-api-data.js';
import { staffPath } from '../navigation.js';
import { useCurrentOffice } from '../session.js';
import { CHART_COLORS, formatNumber, formatShare, monthName } from './figures.js';
import { PublicAccountRequests } from './public-account-requests.js';

type YearFigures = Schema<'YearFiguresDto'>;

/**
 * The yearly public account ("cuenta pública", `/staff/reports/cuenta-publica?year=`): the year's
 * figures per service, by appointment and walk-in, waits and satisfaction month by month, and the
 * requests, complaints and suggestions filed (PublicAccountRequests). Made to be printed on A4
 * (staff.css `@page`), with the controls hidden on paper.
 */
export function PublicAccountPage() {
  const { t, i18n } = useTranslation('staff');
  const office = useCurrentOffice();
  const [params, setParams] = useSearchParams();
  const thisYear = Number(serverClock.todayIn(office.timeZone).slice(0, 4));
  const asked = Number(params.get('year'));
  const year = Number.isInteger(asked) && asked >= 2000 && asked <= 2100 ? asked : thisYear;
  usePageTitle(t('publicAccount.title', { year }));
  const [draft, setDraft] = useState(String(year));
  useEffect(() => setDraft(String(year)), [year]);
  const account = useApiData(() => unwrap(staffApi.GET('/api/v1/offices/{officeId}/reports/yearly', { params: { path: { officeId: office.id }, query: { year } } })), [office.id, year]);

  function choose(event: FormEvent) {
    event.preventDefault();
    setParams({ year: draft });
  }

  const n = (value: number | null | undefined, digits = 0) => formatNumber(value, i18n.language, digits);
  const share = (value: number | null | undefined) => formatShare(value, i18n.language);
  const data = account.data;

  const summary = (figures: YearFigures) => [
    { label: t('publicAccount.served'), value: n(figures.served), id: 'served' },
    { label: t('publicAccount.servedByAppointment'), value: n(figures.servedByAppointment), id: 'byAppointment' },
    { label: t('publicAccount.servedWalkIns'), value: n(figures.servedWalkIns), id: 'walkIns' },
    { label: t('publicAccount.waitMean'), value: t('reports.minutesValue', { value: n(figures.waitMeanMinutes, 1) }), id: 'waitMean' },
    { label: t('reports.withinTarget', { target: data?.waitTargetMinutes ?? office.waitTargetMinutes }), value: share(figures.waitWithinTargetShare), id: 'withinTarget' },
    { label: t('publicAccount.rating'), value: figures.ratingMean === null ? '—' : `${n(figures.ratingMean, 1)} / 5`, id: 'rating' },
  ];

  return (
    <article className="staff-public-account">
      <div className="staff-page-head t-no-print">
        <Link to={staffPath('reports')}>{t('publicAccount.back')}</Link>
        <form className="staff-inline-form" onSubmit={choose}>
          <label htmlFor="account-year">{t('publicAccount.year')}</label>
          <input id="account-year" type="number" min={2000} max={2100} value={draft} onChange={(e) => setDraft(e.target.value)} className="staff-number-input" />
          <button type="submit">{t('publicAccount.show')}</button>
          <button type="button" className="t-primary" onClick={() => window.print()}>
            {t('publicAccount.print')}
          </button>
        </form>
      </div>
      <header className="staff-account-header">
        <h1>{t('publicAccount.title', { year })}</h1>
        <p className="staff-account-office">{data?.officeName ?? office.name}</p>
        {data && <p className="staff-hint">{t('publicAccount.generated', { date: formatDate(data.generatedAt, office.timeZone, i18n.language, 'long') })}</p>}
      </header>
      {account.error && <Notice kind="error">{errorMessage(t, account.error)}</Notice>}
      {!data && !account.error && <p role="status">{t('common.loading')}</p>}
      {data && (
        <>
          <section aria-labelledby="account-summary" className="t-print-avoid-break">
            <h2 id="account-summary">{t('publicAccount.summaryTitle')}</h2>
            <ul className="staff-kpis">
              {summary(data.total).map((item) => (
                <li key={item.id}>
                  <span className="staff-kpi-value" data-testid={`year-${item.id}`}>
                    {item.value}
                  </span>
                  <span className="staff-kpi-label">{item.label}</span>
                </li>
              ))}
            </ul>
            <p>
              {t('publicAccount.appointmentsLine', {
                booked: n(data.total.appointmentsBooked),
                checkedIn: n(data.total.appointmentsCheckedIn),
                cancelled: n(data.total.appointmentsCancelled),
                noShow: n(data.total.appointmentsNoShow),
              })}{' '}
              {t('publicAccount.walkInsLine', { issued: n(data.total.walkInsIssued), refused: n(data.total.walkInsRefused) })}
            </p>
          </section>

          <section aria-labelledby="account-services" className="t-print-avoid-break">
            <h2 id="account-services">{t('publicAccount.servicesTitle')}</h2>
            <table className="staff-table staff-account-table" data-testid="account-services">
              <thead>
                <tr>
                  <th scope="col">{t('queue.service')}</th>
                  <th scope="col" className="staff-num">
                    {t('publicAccount.servedByAppointment')}
                  </th>
                  <th scope="col" className="staff-num">
                    {t('publicAccount.servedWalkIns')}
                  </th>
                  <th scope="col" className="staff-num">
                    {t('publicAccount.served')}
                  </th>
                  <th scope="col" className="staff-num">
                    {t('publicAccount.waitMean')}
                  </th>
                  <th scope="col" className="staff-num">
                    {t('publicAccount.withinTargetShort')}
                  </th>
                  <th scope="col" className="staff-num">
                    {t('publicAccount.rating')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.services.map((service) => (
                  <tr key={service.serviceId}>
                    <th scope="row">{service.serviceName}</th>
                    <td className="staff-num">{n(service.year.servedByAppointment)}</td>
                    <td className="staff-num">{n(service.year.servedWalkIns)}</td>
                    <td className="staff-num">{n(service.year.served)}</td>
                    <td className="staff-num">{n(service.year.waitMeanMinutes, 1)}</td>
                    <td className="staff-num">{share(service.year.waitWithinTargetShare)}</td>
                    <td className="staff-num">{n(service.year.ratingMean, 1)}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">{t('reports.total')}</th>
                  <td className="staff-num">{n(data.total.servedByAppointment)}</td>
                  <td className="staff-num">{n(data.total.servedWalkIns)}</td>
                  <td className="staff-num">{n(data.total.served)}</td>
                  <td className="staff-num">{n(data.total.waitMeanMinutes, 1)}</td>
                  <td className="staff-num">{share(data.total.waitWithinTargetShare)}</td>
                  <td className="staff-num">{n(data.total.ratingMean, 1)}</td>
                </tr>
              </tfoot>
            </table>
          </section>

          <section aria-labelledby="account-months" className="staff-account-months">
            <h2 id="account-months">{t('publicAccount.monthsTitle')}</h2>
            <figure className="staff-chart" aria-hidden="true">
              <ResponsiveContainer width="100%" height={220}>
                <BarChart data={data.months.map((m) => ({ month: monthName(m.month, i18n.language).slice(0, 3), appointment: m.servedByAppointment, walkIn: m.servedWalkIns }))} accessibilityLayer={false}>
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis dataKey="month" />
                  <YAxis allowDecimals={false} />
                  <Legend />
                  <Bar dataKey="appointment" stackId="served" name={t('publicAccount.servedByAppointment')} fill={CHART_COLORS.primary} isAnimationActive={false} />
                  <Bar dataKey="walkIn" stackId="served" name={t('publicAccount.servedWalkIns')} fill={CHART_COLORS.secondary} isAnimationActive={false} />
                </BarChart>
              </ResponsiveContainer>
            </figure>
            <table className="staff-table staff-account-table" data-testid="account-months">
              <thead>
                <tr>
                  <th scope="col">{t('publicAccount.month')}</th>
                  <th scope="col" className="staff-num">
                    {t('publicAccount.servedByAppointment')}
                  </th>
                  <th scope="col" className="staff-num">
                    {t('publicAccount.servedWalkIns')}
                  </th>
                  <th scope="col" className="staff-num">
                    {t('publicAccount.served')}
                  </th>
                  <th scope="col" className="staff-num">
                    {t('publicAccount.waitMean')}
                  </th>
                  <th scope="col" className="staff-num">
                    {t('publicAccount.waitMedian')}
                  </th>
                  <th scope="col" className="staff-num">
                    {t('publicAccount.withinTargetShort')}
                  </th>
                  <th scope="col" className="staff-num">
                    {t('publicAccount.rating')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.months.map((month) => (
                  <tr key={month.month}>
                    <th scope="row">{monthName(month.month, i18n.language)}</th>
                    <td className="staff-num">{n(month.servedByAppointment)}</td>
                    <td className="staff-num">{n(month.servedWalkIns)}</td>
                    <td className="staff-num">{n(month.served)}</td>
                    <td className="staff-num">{n(month.waitMeanMinutes, 1)}</td>
                    <td className="staff-num">{n(month.waitMedianMinutes, 1)}</td>
                    <td className="staff-num">{share(month.waitWithinTargetShare)}</td>
                    <td className="staff-num">{n(month.ratingMean, 1)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <p className="staff-hint">{t('publicAccount.notes', { target: data.waitTargetMinutes })}</p>

          <PublicAccountRequests requests={data.requests} year={data.year} />
        </>
      )}
    </article>
  );
}
