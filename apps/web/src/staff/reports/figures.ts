import { intlLocale } from '@turnero/ui';

/** Figures as the reports show them: null (does not apply, nothing to average) is a dash. */
export function formatNumber(value: number | null | undefined, language: string, digits = 0): string {
  if (value === null || value === undefined) return '—';
  return new Intl.NumberFormat(intlLocale(language), { maximumFractionDigits: digits, minimumFractionDigits: 0 }).format(value);
}

/** A share (0–1) as a percentage. */
export function formatShare(value: number | null | undefined, language: string): string {
  if (value === null || value === undefined) return '—';
  return new Intl.NumberFormat(intlLocale(language), { style: 'percent', maximumFractionDigits: 0 }).format(value);
}

/** A month (1–12) by name in the language. */
export function monthName(month: number, language: string): string {
  return new Intl.DateTimeFormat(intlLocale(language), { month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2026, month - 1, 15)));
}

/** Chart colours: the tokens' palette (SVG attributes cannot read CSS custom properties). */
export const CHART_COLORS = { primary: '#0b3d91', secondary: '#0d5c2b', accent: '#9b111e', muted: '#505a5f' } as const;

/** A calendar date (YYYY-MM-DD) in a few characters for tables and chart axes ("mar, 1 dic"). */
export function shortDay(date: string, language: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Intl.DateTimeFormat(intlLocale(language), { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, d, 12)));
}
