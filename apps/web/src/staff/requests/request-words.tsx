import { formatDate, formatTime } from '@turnero/ui';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { InboxItem, RequestEvent } from './requests-api.js';

/**
 * "Vence el 23-12-2026"; overdue in red AND said in words ("Vencida"), never by colour only; a
 * request waiting for the person says its deadline is paused.
 */
export function DueDate({ item, timeZone }: { item: Pick<InboxItem, 'dueDate' | 'overdue' | 'status' | 'waitingSince'>; timeZone: string }) {
  const { t, i18n } = useTranslation('staff');
  const date = formatDate(item.dueDate, timeZone, i18n.language, 'medium');
  if (item.status === 'answered' || item.status === 'closed') return <span className="staff-muted">{t('requests.dueWas', { date })}</span>;
  if (item.status === 'waiting') return <span>{t('requests.duePaused', { date })}</span>;
  if (item.overdue) {
    return (
      <span className="staff-danger" data-overdue="true">
        {t('requests.overdue', { date })}
      </span>
    );
  }
  return <span>{t('requests.dueOn', { date })}</span>;
}

/** An instant in the office's zone: "1 dic 2026 09:15". */
export function at(instant: string, timeZone: string, language: string): string {
  return `${formatDate(instant, timeZone, language, 'medium')} ${formatTime(instant, timeZone, language)}`;
}

/** Who did a step: a colleague by username, the person, or the system. */
export function eventActor(t: TFunction<'staff'>, event: RequestEvent): string {
  if (event.actor === 'staff') return event.staff?.username ?? t('requests.actors.staff');
  return t(`requests.actors.${event.actor}`);
}

/**
 * What a step was, in words: "Asignada a agente1.elqui", "Pidió más información"… An assignment
 * names staff by id ({ from, to }): `names` knows the usernames the page has seen.
 */
export function eventTitle(t: TFunction<'staff'>, event: RequestEvent, names: ReadonlyMap<string, string>): string {
  if (event.type === 'assigned') {
    const to = typeof event.data?.['to'] === 'string' ? event.data['to'] : null;
    if (!to) return t('requests.events.unassigned');
    if (to === event.staff?.id) return t('requests.events.took');
    const name = names.get(to);
    return name ? t('requests.events.assignedTo', { name }) : t('requests.events.assigned');
  }
  return t(`requests.events.${event.type}`);
}

/** A file's size for people: "340 KB", "1,2 MB". */
export function fileSize(bytes: number, language: string): string {
  const format = (value: number) => new Intl.NumberFormat(language === 'es' ? 'es-CL' : 'en-US', { maximumFractionDigits: 1 }).format(value);
  if (bytes < 1024 * 1024) return `${format(Math.max(1, Math.round(bytes / 1024)))} KB`;
  return `${format(bytes / (1024 * 1024))} MB`;
}
