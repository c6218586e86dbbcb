import { createHmac, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Config } from '../../config/environment.js';
import type { NotificationChannel } from '../notification.entity.js';

/** What an unsubscribe link stands for: a booking's reminders, from the channel the link came by. */
export interface UnsubscribeSubject {
  bookingId: string;
  channel: NotificationChannel;
}

const CHANNELS: readonly NotificationChannel[] = ['email', 'sms'];
const UUID_HEX = /^[0-9a-f]{32}$/;
/** 16 bytes of the booking id + 1 of the channel, base64url: 23 characters; a 128-bit HMAC tag: 22 more. */
export const UNSUBSCRIBE_TOKEN = /^[A-Za-z0-9_-]{23}\.[A-Za-z0-9_-]{22}$/;

/**
 * The token of a reminder's one-click unsubscribe link (RFC 8058): the booking id and the channel,
 * signed with an HMAC-SHA256 tag (truncated to 128 bits) under a key derived from JWT_SECRET for
 * this use only. It carries no personal data (an id, as the API's own URLs do) and cannot be
 * forged or pointed at another booking without the key. It does not expire: a reminder's link
 * must work as long as the booking has reminders to come.
 */
@Injectable()
export class UnsubscribeTokens {
  private readonly key: Buffer;

  constructor(config: ConfigService<Config, true>) {
    this.key = createHmac('sha256', config.get('JWT_SECRET', { infer: true })).update('turnero:reminder-unsubscribe:v1').digest();
  }

  sign(subject: UnsubscribeSubject): string {
    const payload = Buffer.concat([Buffer.from(subject.bookingId.replaceAll('-', ''), 'hex'), Buffer.from([CHANNELS.indexOf(subject.channel)])]);
    return `${payload.toString('base64url')}.${this.tag(payload).toString('base64url')}`;
  }

  /** The token's subject, or null for a token not made by `sign` with this key (forged, altered or garbled). */
  verify(token: string): UnsubscribeSubject | null {
    if (!UNSUBSCRIBE_TOKEN.test(token)) return null;
    const [body, tag] = token.split('.');
    const payload = Buffer.from(body, 'base64url');
    const given = Buffer.from(tag, 'base64url');
    if (payload.length !== 17 || given.length !== 16 || !timingSafeEqual(given, this.tag(payload))) return null;
    const hex = payload.subarray(0, 16).toString('hex');
    const channel = CHANNELS[payload[16]];
    if (!UUID_HEX.test(hex) || !channel) return null;
    return { bookingId: `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`, channel };
  }

  private tag(payload: Buffer): Buffer {
    return createHmac('sha256', this.key).update(payload).digest().subarray(0, 16);
  }
}
