import { type ApiError, toApiError } from '@turnero/api-client';
import { useState } from 'react';
import { staffApi } from '../api.js';
import { asApiError } from '../common/errors.js';

export interface ReportParams {
  officeId: string;
  from: string;
  to: string;
  groupBy: 'day' | 'service' | 'counter' | 'agent' | 'hour';
}

/** What `staffApi.GET(…, { parseAs: 'blob' })` answers. */
interface BlobAnswer {
  data?: unknown;
  error?: unknown;
  response: Response;
}

/**
 * Hands a CSV the API answered to the browser as a file. A bearer token cannot ride on a link, so
 * every CSV is fetched with the token as a blob and saved through a temporary object URL; the
 * server's file name wins, `fallbackName` only covers an answer without one.
 */
export function saveCsv({ data, error, response }: BlobAnswer, fallbackName: string): void {
  if (!data || !response.ok) throw toApiError(error, response.status);
  const disposition = response.headers.get('content-disposition') ?? '';
  const filename = /filename="([^"]+)"/.exec(disposition)?.[1] ?? fallbackName;
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

/** Downloads the report as CSV. */
export async function downloadReportCsv({ officeId, from, to, groupBy }: ReportParams): Promise<void> {
  const answer = await staffApi.GET('/api/v1/offices/{officeId}/reports.csv', {
    params: { path: { officeId }, query: { from, to, groupBy } },
    parseAs: 'blob',
  });
  saveCsv(answer, `reporte-${from}-${to}-${groupBy}.csv`);
}

/**
 * The state behind a "download CSV" button: whether a download is running and the error of the
 * last one, cleared when the next starts.
 */
export function useCsvDownload() {
  const [downloading, setDownloading] = useState(false);
  const [downloadError, setDownloadError] = useState<ApiError | null>(null);

  async function download(fetchCsv: () => Promise<void>) {
    setDownloading(true);
    setDownloadError(null);
    try {
      await fetchCsv();
    } catch (caught) {
      setDownloadError(asApiError(caught));
    } finally {
      setDownloading(false);
    }
  }

  return { downloading, downloadError, download };
}
