import { type ReactNode, type RefObject, useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Outcome, Problem } from './api-call.js';
import { ErrorNotice } from './error-notice.js';
import { OverloadNotice } from './overload-notice.js';
import { type OverloadRetry, useOverloadRetry } from './use-overload-retry.js';

export interface LookupFlow<V extends { kind: string }> {
  view: V;
  setView(view: V): void;
  /** A call is running (or waits to be sent again, unless the person stopped that). */
  busy: boolean;
  /** "Mucha demanda": a call the API shed is sent again by itself (shown by OverloadNotice). */
  overload: OverloadRetry;
  /** The last call's failure, until the next call (or the page clears it). */
  problem: Problem | null;
  setProblem(problem: Problem | null): void;
  /** Runs the failed call again. */
  retry: (() => void) | null;
  /** Each view's heading: it takes the focus when the view changes kind. */
  heading: RefObject<HTMLHeadingElement | null>;
  /**
   * Runs a call: `done` with its data, or the problem kept with its retry, then `failed` (to read
   * again what the failure may have changed).
   */
  run<T>(request: () => Promise<Outcome<T>>, done: (data: T) => void, failed?: (problem: Problem) => Promise<void> | void): Promise<void>;
}

/**
 * The state of a page that finds something by its code and the person's document and then acts
 * on it (`/mi-reserva`, `/lista-espera`): the view shown, the running call, its problem and retry.
 */
export function useLookupFlow<V extends { kind: string }>(initial: V): LookupFlow<V> {
  const [view, setViewState] = useState<V>(initial);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [retry, setRetry] = useState<(() => void) | null>(null);
  const overload = useOverloadRetry();
  const runs = useRef(0);
  const { cancel: cancelRetry } = overload;
  // Another view (e.g. "No, mantener mi reserva") drops a call still waiting to be sent again.
  const shownKind = useRef(view.kind);
  const setView = useCallback(
    (next: V) => {
      if (shownKind.current !== next.kind) cancelRetry();
      shownKind.current = next.kind;
      setViewState(next);
    },
    [cancelRetry],
  );

  const heading = useRef<HTMLHeadingElement>(null);
  const previousKind = useRef(view.kind);
  useEffect(() => {
    if (previousKind.current !== view.kind) heading.current?.focus();
    previousKind.current = view.kind;
  }, [view.kind]);

  const run = async <T,>(request: () => Promise<Outcome<T>>, done: (data: T) => void, failed?: (problem: Problem) => Promise<void> | void): Promise<void> => {
    setBusy(true);
    setProblem(null);
    const ran = ++runs.current;
    const outcome = await overload.run(request);
    if (outcome === null) {
      // Dropped: a newer call took over, or the page left.
      if (runs.current === ran) setBusy(false);
      return;
    }
    setBusy(false);
    if (outcome.ok) {
      setRetry(null);
      done(outcome.data);
      return;
    }
    setProblem(outcome.problem);
    setRetry(() => () => void run(request, done, failed));
    await failed?.(outcome.problem);
  };

  return { view, setView, busy: busy && overload.state.phase !== 'stopped', overload, problem, setProblem, retry, heading, run };
}

export interface ConfirmStepProps {
  flow: Pick<LookupFlow<{ kind: string }>, 'busy' | 'problem' | 'retry' | 'heading' | 'overload'>;
  title: string;
  /** The question and what follows from the answer. */
  children: ReactNode;
  confirmLabel: string;
  onConfirm(): void;
  keepLabel: string;
  onKeep(): void;
}

/** "Are you sure?" before an action that cannot be undone (cancelling, leaving the list). */
export function ConfirmStep({ flow, title, children, confirmLabel, onConfirm, keepLabel, onKeep }: ConfirmStepProps) {
  const { t } = useTranslation('applicant');
  const { busy, problem, retry, heading, overload } = flow;
  return (
    <section className="confirm-cancel">
      <h2 ref={heading} tabIndex={-1}>
        {title}
      </h2>
      {children}
      {problem && <ErrorNotice problem={problem} onRetry={retry ?? undefined} />}
      <OverloadNotice retry={overload} resumable />
      <div className="actions">
        <button type="button" className="danger-solid" aria-disabled={busy} onClick={() => !busy && onConfirm()}>
          {confirmLabel}
        </button>
        <button type="button" onClick={onKeep}>
          {keepLabel}
        </button>
      </div>
      {busy && <p role="status">{t('form.sending')}</p>}
    </section>
  );
}
