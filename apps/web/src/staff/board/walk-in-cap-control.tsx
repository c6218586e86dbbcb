import { type ApiError, type Schema, unwrap } from '@turnero/api-client';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { staffApi } from '../api.js';
import { asApiError, errorMessage } from '../common/errors.js';

type WalkInCap = Schema<'WalkInCapDto'>;

/** Today's walk-in cap of one service, changed live (PUT /services/{id}/walk-in-cap/today). */
export function WalkInCapControl({ cap, onChanged }: { cap: WalkInCap; onChanged(): Promise<void> }) {
  const { t } = useTranslation('staff');
  const asText = (next: number | null) => (next === null ? '' : String(next));
  const [value, setValue] = useState(asText(cap.cap));
  // A cap changed elsewhere (or by this form, once the board reloads) shows in the field; adjusted
  // while rendering rather than by remounting, so "Cap saved." stays on screen.
  const [shownCap, setShownCap] = useState(cap.cap);
  if (cap.cap !== shownCap) {
    setShownCap(cap.cap);
    setValue(asText(cap.cap));
  }
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);
  const inputId = `cap-${cap.serviceId}`;

  async function save(next: number | null) {
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      const result = await unwrap(staffApi.PUT('/api/v1/services/{serviceId}/walk-in-cap/today', { params: { path: { serviceId: cap.serviceId } }, body: { cap: next } }));
      setValue(asText(result.cap));
      setSaved(true);
      await onChanged();
    } catch (caught) {
      setError(asApiError(caught));
    } finally {
      setBusy(false);
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const trimmed = value.trim();
    void save(trimmed === '' ? null : Number(trimmed));
  }

  return (
    <form className="staff-inline-form" onSubmit={submit} aria-label={t('board.capFormLabel', { service: cap.name })}>
      <label htmlFor={inputId} className="t-visually-hidden">
        {t('board.capFor', { service: cap.name })}
      </label>
      <input id={inputId} type="number" min={0} max={10000} step={1} inputMode="numeric" value={value} onChange={(e) => setValue(e.target.value)} className="staff-number-input" />
      <button type="submit" aria-disabled={busy}>
        {t('board.saveCap')}
      </button>
      {cap.overridden && (
        <button type="button" onClick={() => void save(null)} aria-disabled={busy}>
          {cap.defaultCap === null ? t('board.resetCapNone') : t('board.resetCap', { count: cap.defaultCap })}
        </button>
      )}
      <span aria-live="polite" className="staff-inline-result">
        {error ? <span className="staff-danger">{errorMessage(t, error)}</span> : saved ? t('board.capSaved') : ''}
      </span>
    </form>
  );
}
