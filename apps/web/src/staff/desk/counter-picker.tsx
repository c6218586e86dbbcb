import { type ApiError, type Counter, type Service, unwrap } from '@turnero/api-client';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { staffApi } from '../api.js';
import { asApiError, errorMessage } from '../common/errors.js';
import { Notice } from '../common/notice.js';
import { chosenServices } from './counter-services.js';

interface Props {
  counters: Counter[];
  services: Service[];
  /** The counter chosen before (this tab), preselected. */
  initialCounterId: string | null;
  onOpened(counter: Counter): void;
  onCancel?: () => void;
}

/** Choose a counter and the services to serve there (among those it may serve), then open it. */
export function CounterPicker({ counters, services, initialCounterId, onOpened, onCancel }: Props) {
  const { t } = useTranslation('staff');
  const usable = counters.filter((c) => c.active);
  const [counterId, setCounterId] = useState<string>(() => (usable.some((c) => c.id === initialCounterId) ? initialCounterId! : (usable[0]?.id ?? '')));
  const counter = usable.find((c) => c.id === counterId);
  const servable = services.filter((s) => s.active && counter?.serviceIds.includes(s.id));
  // The services ticked by hand, for the counter they were ticked on; until then (and for any other
  // counter) the choice is derived in the same render as the radio: what the counter serves now (if
  // open), else everything it may serve. No effect, so the boxes never lag a render behind the radio.
  const [picked, setPicked] = useState<{ counterId: string; serviceIds: string[] } | null>(null);
  const chosen = counter ? chosenServices(counter, servable, picked) : [];
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  function toggle(serviceId: string, on: boolean) {
    if (!counter) return;
    const ids = on ? [...chosen.filter((id) => id !== serviceId), serviceId] : chosen.filter((id) => id !== serviceId);
    setPicked({ counterId: counter.id, serviceIds: ids });
  }

  async function open(event: FormEvent) {
    event.preventDefault();
    if (!counter) return;
    setBusy(true);
    setError(null);
    try {
      onOpened(await unwrap(staffApi.POST('/api/v1/counters/{counterId}/open', { params: { path: { counterId: counter.id } }, body: { serviceIds: chosen } })));
    } catch (caught) {
      setError(asApiError(caught));
    } finally {
      setBusy(false);
    }
  }

  if (usable.length === 0) return <p>{t('desk.noCounters')}</p>;

  return (
    <form className="staff-form staff-counter-picker" onSubmit={(event) => void open(event)}>
      <fieldset>
        <legend>{t('desk.chooseCounter')}</legend>
        <div className="staff-choices">
          {usable.map((c) => (
            <label key={c.id} className="staff-choice">
              <input type="radio" name="counter" value={c.id} checked={c.id === counterId} onChange={() => setCounterId(c.id)} />
              <span>
                <strong>{c.name}</strong>
                {c.open && <span className="staff-tag">{t('desk.alreadyOpen')}</span>}
                <span className="staff-choice-detail">
                  {services
                    .filter((s) => c.serviceIds.includes(s.id))
                    .map((s) => s.name)
                    .join(', ')}
                </span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      {counter && (
        <fieldset>
          <legend>{t('desk.chooseServices', { counter: counter.name })}</legend>
          <div className="staff-choices">
            {servable.map((s) => (
              <label key={s.id} className="staff-choice">
                <input
                  type="checkbox"
                  checked={chosen.includes(s.id)}
                  onChange={(e) => toggle(s.id, e.target.checked)}
                />
                <span>
                  {s.name} <span className="staff-code">({s.code})</span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
      )}
      {error && <Notice kind="error">{errorMessage(t, error)}</Notice>}
      <div className="staff-actions">
        <button type="submit" className="t-primary" disabled={busy || !counter || chosen.length === 0}>
          {counter?.open ? t('desk.useCounter', { counter: counter.name }) : t('desk.openCounter', { counter: counter?.name ?? '' })}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}
