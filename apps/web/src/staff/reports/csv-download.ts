import { toApiError } from '@turnero/api-client';
import { staffApi } from '../api.js';

export interface ReportParams {
  officeId: string;
  from: string;
  to: string;
  groupBy: 'day' | 'service' | 'counter' | 'agent' | 'hour';
}

/**
 * Downloads the report as CSV. A bearer token cannot ride on a link, so the file is fetched with
 * the token as a blob and handed to the browser through a temporary object URL.
 */
export async function downloadReportCsv({ officeId, from, to, groupBy }: ReportParams): Promise<void> {
  const { data, error, response } = await staffApi.GET('/api/v1/offices/{officeId}/reports.csv', {
    params: { path: { officeId }, query: { from, to, groupBy } },
    parseAs: 'blob',
  });
  if (!data || !response.ok) throw toApiError(error, response.status);
  const disposition = response.headers.get('content-disposition') ?? '';
  const filename = /filename="([^"]+)"/.exec(disposition)?.[1] ?? `reporte-${from}-${to}-${groupBy}.csv`;
  const url = URL.createObjectURL(data as Blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
