import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * "Copiar código": the clipboard where the browser allows it (a secure context); elsewhere the
 * code's text is selected so the person can copy it themselves. The outcome is announced.
 */
export function CopyCode({ code }: { code: string }) {
  const { t } = useTranslation('applicant');
  const [outcome, setOutcome] = useState<'copied' | 'selected' | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  const copy = async () => {
    let done: 'copied' | 'selected' = 'copied';
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(code);
    } catch {
      const element = document.querySelector('[data-testid="request-code"]');
      const selection = window.getSelection();
      if (element && selection) {
        const range = document.createRange();
        range.selectNodeContents(element);
        selection.removeAllRanges();
        selection.addRange(range);
      }
      done = 'selected';
    }
    setOutcome(done);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setOutcome(null), 8000);
  };

  return (
    <div className="copy-code">
      <button type="button" onClick={() => void copy()} aria-label={t('requests.copy.label', { code })}>
        {t('requests.copy.button')}
      </button>
      <p role="status" className="copy-outcome">
        {outcome && t(`requests.copy.${outcome}`)}
      </p>
    </div>
  );
}
