import type { MessageContent } from './content.js';
import type { MessageData } from './message-data.js';
import { type RenderedEmail, renderEmail, renderHtml } from './render-email.js';

/** Values that may be swapped in rendered HTML: no character that HTML escaping or a URL would change. */
const SAFE_VALUE = /^[A-Za-z0-9_.-]{6,200}$/;
/** Placeholder alphabets, one per value of a message (same characters class as the values: emitted unchanged). */
const PLACEHOLDER_ALPHABETS = ['QzXj', 'VkWq'];

/**
 * The HTML part of notification emails, rendered by React once per message *shape* instead of once
 * per message. Messages alike (a day's reminders or confirmations for one office, procedure and
 * slot) differ only in the booking's code and, for a reminder, its unsubscribe token: those are
 * replaced by placeholders of the same length and characters, the content with placeholders is the
 * cache key, its rendering is kept (least recently used out, `maxEntries`), and each message's HTML is
 * the kept rendering with its own values put back. The values hold only letters, digits, `_`, `.`
 * and `-` (else the message is rendered in full), which React's escaping and the template pass
 * through unchanged, so the result is the same string as an uncached rendering (render-cache.spec
 * compares both for every kind). Subject, text, QR, .ics and headers are built per message as
 * before (renderEmail). React's rendering was ~2/3 of renderEmail's CPU (bench/notifications).
 */
export class EmailRenderCache {
  private readonly entries = new Map<string, { html: string; placeholders: string[] }>();
  hits = 0;
  misses = 0;

  constructor(private readonly maxEntries = 500) {}

  render(message: MessageData): Promise<RenderedEmail> {
    return renderEmail(message, (content) => this.html(content, variables(message)));
  }

  private async html(content: MessageContent, values: string[]): Promise<string> {
    const json = JSON.stringify(content);
    const placeholders = values.map((value, i) => placeholder(PLACEHOLDER_ALPHABETS[i], value.length));
    // A value that is not safe to swap, or a placeholder that the content happens to hold: rendered in full.
    if (values.length === 0 || values.some((value) => !SAFE_VALUE.test(value)) || placeholders.some((p) => json.includes(p))) return renderHtml(content);
    let key = json;
    // The longest first, so a value that holds another (a token containing the code) is swapped whole.
    const order = values.map((_, i) => i).sort((a, b) => values[b].length - values[a].length);
    for (const i of order) key = key.replaceAll(values[i], placeholders[i]);
    let entry = this.entries.get(key);
    if (entry) {
      this.hits++;
      this.entries.delete(key); // most recently used last
    } else {
      this.misses++;
      entry = { html: await renderHtml(JSON.parse(key) as MessageContent), placeholders };
      if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    }
    this.entries.set(key, entry);
    let html = entry.html;
    values.forEach((value, i) => (html = html.replaceAll(entry.placeholders[i], value)));
    return html;
  }
}

/** The per-message values of a message: its booking code and, for a reminder, the unsubscribe link's token. */
function variables(message: MessageData): string[] {
  switch (message.kind) {
    case 'reminder':
      return [message.booking.code, message.unsubscribeUrl.slice(message.unsubscribeUrl.lastIndexOf('/') + 1)];
    case 'booking_confirmed':
    case 'booking_rescheduled':
    case 'booking_cancelled':
    case 'booking_cancelled_by_office':
      return [message.booking.code];
    default:
      return [];
  }
}

function placeholder(alphabet: string, length: number): string {
  return alphabet.repeat(Math.ceil(length / alphabet.length)).slice(0, length);
}

/** The process's cache: the notifications sender renders its emails through it. */
export const emailRenderCache = new EmailRenderCache();
