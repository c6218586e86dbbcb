import type { Ref } from 'react';

/** One line of an error summary: the field's id (the link's target), its message, and how to focus it. */
export interface SummaryEntry {
  key: string;
  targetId: string;
  text: string;
  focus(): void;
}

/**
 * The errors of a form listed above it (GOV.UK's error summary): an alert the form focuses after a
 * refused submit (`ref`), each error a link that moves the focus to its field.
 */
export function ErrorSummary({ ref, title, entries }: { ref: Ref<HTMLDivElement>; title: string; entries: SummaryEntry[] }) {
  return (
    <div ref={ref} className="notice notice-error" role="alert" tabIndex={-1}>
      <p className="notice-title">{title}</p>
      <ul>
        {entries.map((entry) => (
          <li key={entry.key}>
            <a
              href={`#${entry.targetId}`}
              onClick={(event) => {
                event.preventDefault();
                entry.focus();
              }}
            >
              {entry.text}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
