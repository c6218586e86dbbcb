import { render } from '@react-email/render';
import { createElement } from 'react';
import { appointmentIcs } from './calendar.js';
import { type MessageContent, messageContent } from './content.js';
import { EmailTemplate, QR_CID } from './email-template.js';
import type { MessageData } from './message-data.js';
import { plainText } from './plain-text.js';
import { qrPng } from './qr-png.js';

/** An attachment as nodemailer takes it. */
export interface EmailAttachment {
  filename: string;
  content: Buffer | string;
  contentType: string;
  /** Set for inline images, referenced from the HTML as `cid:…`. */
  cid?: string;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
  attachments: EmailAttachment[];
  /** Extra headers (a reminder's List-Unsubscribe one-click pair, RFC 8058). */
  headers: Record<string, string>;
}

/**
 * A notification email: subject, plain text and responsive HTML (React Email components), Spanish
 * (Chile) first and English below, with the booking's QR (inline PNG) and .ics when the message
 * is about an appointment to come. Asynchronous: React Email renders through a stream.
 */
export async function renderEmail(message: MessageData, html: (content: MessageContent) => Promise<string> = renderHtml): Promise<RenderedEmail> {
  const content = messageContent(message);
  const attachments: EmailAttachment[] = [];
  const headers: Record<string, string> = {};
  switch (message.kind) {
    case 'booking_confirmed':
    case 'booking_rescheduled':
    case 'reminder': {
      attachments.push({ filename: 'qr.png', content: qrPng(message.booking.code), contentType: 'image/png', cid: QR_CID });
      if (message.kind !== 'reminder') {
        const sequence = message.kind === 'booking_rescheduled' ? message.sequence : 0;
        attachments.push({ filename: 'reserva.ics', content: appointmentIcs(message.booking, message.service, message.office, sequence), contentType: 'text/calendar; charset=utf-8' });
      } else {
        headers['List-Unsubscribe'] = `<${message.unsubscribeUrl}>`;
        headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
      }
      break;
    }
    default:
      break;
  }
  return { subject: content.subject, text: plainText(content), html: await html(content), attachments, headers };
}

/** The HTML part: React Email's rendering of the content (render-cache.ts reuses it for messages alike). */
export function renderHtml(content: MessageContent): Promise<string> {
  return render(createElement(EmailTemplate, { content }));
}
