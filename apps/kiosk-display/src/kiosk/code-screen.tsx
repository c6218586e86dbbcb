import { useTranslation } from 'react-i18next';
import { CODE_LENGTH, formatPartialCode, KEYBOARD_ROWS } from './booking-code.js';

export interface CodeScreenProps {
  /** The symbols typed so far (at most CODE_LENGTH, no dashes). */
  symbols: string;
  onKey(symbol: string): void;
  onDelete(): void;
  onClear(): void;
  onSubmit(): void;
  onBack(): void;
}

/** The booking code on a large on-screen keyboard (a physical keyboard or a scanner also types here). */
export function CodeScreen({ symbols, onKey, onDelete, onClear, onSubmit, onBack }: CodeScreenProps) {
  const { t } = useTranslation();
  const full = symbols.length >= CODE_LENGTH;
  const boxes = Array.from({ length: CODE_LENGTH }, (_, i) => symbols[i] ?? '');
  return (
    <section className="kiosk-step kiosk-code-step">
      <h1>{t('kiosk.code.title')}</h1>
      <p className="kiosk-hint">{t('kiosk.code.hint')}</p>
      <output className="kiosk-code" aria-label={t('kiosk.code.label')} data-code={formatPartialCode(symbols)}>
        <span className="t-visually-hidden">{formatPartialCode(symbols)}</span>
        <span className="kiosk-code-boxes" aria-hidden="true">
          {boxes.map((symbol, i) => (
            <span key={i} className={`kiosk-code-box${i === symbols.length ? ' is-next' : ''}${i % 3 === 0 && i > 0 ? ' starts-group' : ''}`}>
              {symbol}
            </span>
          ))}
        </span>
      </output>
      <div className="kiosk-keyboard" role="group" aria-label={t('kiosk.code.keyboard')}>
        {KEYBOARD_ROWS.map((row) => (
          <div key={row} className="kiosk-keyboard-row">
            {[...row].map((symbol) => (
              <button key={symbol} type="button" className="kiosk-key" disabled={full} onClick={() => onKey(symbol)}>
                {symbol}
              </button>
            ))}
          </div>
        ))}
        <div className="kiosk-keyboard-row">
          <button type="button" className="kiosk-key kiosk-key-wide" disabled={symbols.length === 0} onClick={onDelete}>
            <span aria-hidden="true">⌫ </span>
            {t('kiosk.code.delete')}
          </button>
          <button type="button" className="kiosk-key kiosk-key-wide" disabled={symbols.length === 0} onClick={onClear}>
            {t('kiosk.code.clear')}
          </button>
        </div>
      </div>
      <p className="kiosk-hint" aria-live="polite">
        {full ? '' : t('kiosk.code.incomplete', { missing: CODE_LENGTH - symbols.length })}
      </p>
      <div className="kiosk-actions">
        <button type="button" onClick={onBack}>
          {t('kiosk.back')}
        </button>
        <button type="button" className="t-primary" disabled={!full} onClick={onSubmit}>
          {t('kiosk.code.submit')}
        </button>
      </div>
    </section>
  );
}
