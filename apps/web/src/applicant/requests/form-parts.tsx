import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ACCEPT_ATTRIBUTE, attachmentProblem, formatFileSize, headOf, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS } from './attachments.js';

/**
 * A text area's character count (GOV.UK's pattern): visible as it changes, and told to screen
 * readers once typing pauses, so that every key press is not announced.
 */
export function CharacterCount({ id, length, max }: { id: string; length: number; max: number }) {
  const { t, i18n } = useTranslation('applicant');
  const number = (n: number) => new Intl.NumberFormat(i18n.language === 'en' ? 'en-US' : 'es-CL').format(n);
  const text = length > max ? t('requests.counter.over', { count: length - max, over: number(length - max) }) : t('requests.counter.left', { count: max - length, left: number(max - length), max: number(max) });
  const [announced, setAnnounced] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setAnnounced(text), 1000);
    return () => clearTimeout(timer);
  }, [text]);
  return (
    <>
      <p id={id} className={length > max ? 'hint counter field-error' : 'hint counter'} aria-hidden="true" data-testid="character-count">
        {text}
      </p>
      <p className="t-visually-hidden" aria-live="polite">
        {announced}
      </p>
    </>
  );
}

/**
 * Up to MAX_ATTACHMENTS files (PDF, JPEG, PNG, ≤ 5 MB each), checked here by their content and
 * size before anything is sent; a refused file is named with the reason and left out. The list of
 * chosen files can be trimmed. The API checks them again.
 */
export function AttachmentsField({ files, onChange, error, label }: { files: File[]; onChange(files: File[]): void; error?: string | null; label?: string }) {
  const { t, i18n } = useTranslation('applicant');
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [refused, setRefused] = useState<string[]>([]);

  const add = async (picked: File[]) => {
    const accepted: File[] = [];
    const problems: string[] = [];
    for (const file of picked) {
      const problem = attachmentProblem({ size: file.size, head: await headOf(file) });
      if (problem) problems.push(t(`requests.attachments.errors.${problem}`, { name: file.name, max: formatFileSize(MAX_ATTACHMENT_BYTES, i18n.language) }));
      else if (files.length + accepted.length >= MAX_ATTACHMENTS) problems.push(t('requests.attachments.errors.tooMany', { name: file.name, count: MAX_ATTACHMENTS }));
      else accepted.push(file);
    }
    setRefused(problems);
    if (accepted.length > 0) onChange([...files, ...accepted]);
    // The same file may be chosen again after being removed.
    if (input.current) input.current.value = '';
  };

  const shownError = error ?? null;
  return (
    <div className="field attachments">
      <label htmlFor={id}>{label ?? t('requests.attachments.label')}</label>
      <p className="hint" id={`${id}-hint`}>
        {t('requests.attachments.hint', { count: MAX_ATTACHMENTS, max: formatFileSize(MAX_ATTACHMENT_BYTES, i18n.language) })}
      </p>
      {files.length < MAX_ATTACHMENTS && (
        <input
          ref={input}
          id={id}
          type="file"
          name="attachments"
          multiple
          accept={ACCEPT_ATTRIBUTE}
          aria-invalid={shownError || refused.length > 0 ? true : undefined}
          aria-describedby={[`${id}-hint`, refused.length > 0 ? `${id}-refused` : null, shownError ? `${id}-error` : null].filter(Boolean).join(' ')}
          onChange={(event) => void add(Array.from(event.target.files ?? []))}
        />
      )}
      {refused.length > 0 && (
        <ul className="field-error attachment-refused" id={`${id}-refused`} role="alert">
          {refused.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      )}
      {shownError && (
        <p className="field-error" id={`${id}-error`}>
          {shownError}
        </p>
      )}
      {files.length > 0 && (
        <ul className="attachment-list" aria-label={t('requests.attachments.chosen', { count: files.length })}>
          {files.map((file, index) => (
            <li key={`${file.name}-${index}`}>
              <span className="attachment-name">{file.name}</span> <span className="attachment-size">({formatFileSize(file.size, i18n.language)})</span>
              <button
                type="button"
                className="link-button"
                aria-label={t('requests.attachments.removeNamed', { name: file.name })}
                onClick={() => {
                  onChange(files.filter((_, i) => i !== index));
                  setRefused([]);
                  requestAnimationFrame(() => document.getElementById(id)?.focus());
                }}
              >
                {t('requests.attachments.remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
      {files.length >= MAX_ATTACHMENTS && <p className="hint">{t('requests.attachments.full', { count: MAX_ATTACHMENTS })}</p>}
    </div>
  );
}
