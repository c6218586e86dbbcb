import type { Schema } from '@turnero/api-client';
import { useTranslation } from 'react-i18next';
import { formatNumber } from './figures.js';

type Heatmap = Schema<'ArrivalsHeatmapDto'>;

/**
 * Arrivals by weekday × hour (mean per such weekday in the range), as a table whose cells darken
 * with the load: a screen reader reads the numbers, everyone else sees the busy hours.
 */
export function ArrivalsHeatmap({ heatmap }: { heatmap: Heatmap }) {
  const { t, i18n } = useTranslation('staff');
  const busy = heatmap.cells.filter((cell) => cell.arrivals > 0);
  if (busy.length === 0) return <p>{t('reports.noArrivals')}</p>;
  const first = Math.min(...busy.map((c) => c.hour));
  const last = Math.max(...busy.map((c) => c.hour));
  const hours = Array.from({ length: last - first + 1 }, (_, i) => first + i);
  const weekdays = heatmap.weekdays.filter((w) => w.days > 0 || busy.some((c) => c.weekday === w.weekday)).map((w) => w.weekday);
  const max = Math.max(...busy.map((c) => c.meanPerDay));
  const cellOf = (weekday: number, hour: number) => heatmap.cells.find((c) => c.weekday === weekday && c.hour === hour);

  return (
    <div className="staff-table-wrap" tabIndex={0} role="region" aria-label={t('reports.heatmapTitle')}>
      <table className="staff-heatmap" data-testid="heatmap">
        <caption className="t-visually-hidden">{t('reports.heatmapCaption')}</caption>
        <thead>
          <tr>
            <td />
            {hours.map((hour) => (
              <th scope="col" key={hour}>
                {String(hour).padStart(2, '0')}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {weekdays.map((weekday) => (
            <tr key={weekday}>
              <th scope="row">{t(`weekdays.${weekday}`)}</th>
              {hours.map((hour) => {
                const cell = cellOf(weekday, hour);
                const mean = cell?.meanPerDay ?? 0;
                const level = max > 0 ? Math.ceil((mean / max) * 5) : 0;
                return (
                  <td key={hour} className={`staff-heat-${level}`} title={t('reports.heatCell', { count: cell?.arrivals ?? 0 })}>
                    {mean > 0 ? formatNumber(mean, i18n.language, 1) : ''}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
