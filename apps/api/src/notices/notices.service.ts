import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import { type AuthenticatedUser, assertOfficeAccess } from '../auth/authenticated-user.js';
import { Clock } from '../common/clock/clock.js';
import { ApiException } from '../common/errors/api.exception.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { TtlCache } from '../common/ttl-cache.js';
import { notedDatabaseOutage } from '../database/database-errors.js';
import { DisplayGateway } from '../realtime/display.gateway.js';
import {
  type CreateNoticeDto,
  type NoticeCreatedDto,
  type NoticeDto,
  type NoticeListQueryDto,
  noticeStatus,
  type StaffNoticeDto,
  toNoticeDto,
} from './dto/notice.dto.js';
import { type LiveNotice, NoticesRepository } from './notices.repository.js';
import { OfficeNotice } from './office-notice.entity.js';
import { MessageChannels } from '../notifications/channels/message-channels.js';

/** An office's live notices as the public read caches them (null: no such office). */
type CachedNotices = { timeZone: string; notices: LiveNotice[] } | null;

/**
 * Office notices: published by the office's supervisors for a period, read by everyone while in
 * force (booking site, kiosk, waiting-room screen), optionally sent to the people booked in the
 * period through the outbox, in the notice's own transaction.
 */
@Injectable()
export class NoticesService {
  private readonly logger = new Logger(NoticesService.name);
  /**
   * The public read is polled by every screen and kiosk: per instance, each office's live notices
   * are read at most once per 2 s (answered up to 2 s more while one reload runs). A change on
   * this instance drops its entry at once; another instance sees it within 4 s.
   */
  private readonly cache = new TtlCache<CachedNotices>(2_000, { staleMs: 2_000 });

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repo: NoticesRepository,
    private readonly clock: Clock,
    private readonly channels: MessageChannels,
    private readonly display: DisplayGateway,
  ) {}

  /** The office's notices in force now (public). */
  async inForce(officeId: string): Promise<NoticeDto[]> {
    const cached = await this.cache.get(officeId, () => this.loadLive(officeId));
    if (!cached) throw ApiException.notFound(ErrorCode.OFFICE_NOT_FOUND, 'Office');
    return this.inForceOf(cached);
  }

  /** The office's current, upcoming and (on request) recently ended notices, for its staff. */
  async list(actor: AuthenticatedUser, officeId: string, query: NoticeListQueryDto): Promise<StaffNoticeDto[]> {
    assertOfficeAccess(actor, officeId);
    const timeZone = await this.repo.officeTimeZone(officeId);
    if (!timeZone) throw ApiException.notFound(ErrorCode.OFFICE_NOT_FOUND, 'Office');
    const now = this.clock.now().toJSDate();
    const notices = await this.repo.forStaff(officeId, now, query.include ?? ['current', 'upcoming']);
    return notices.map((notice) => ({
      ...toNoticeDto(notice, timeZone),
      status: noticeStatus(notice, now.getTime()),
      createdAt: notice.createdAt.toISOString(),
      createdBy: notice.createdBy,
      notified: notice.notified,
    }));
  }

  /**
   * Publishes a notice and, with `notifyBooked`, queues its messages in the same transaction:
   * rolled back, there is neither notice nor message nor job.
   */
  async create(actor: AuthenticatedUser, officeId: string, input: CreateNoticeDto): Promise<NoticeCreatedDto> {
    assertOfficeAccess(actor, officeId);
    const from = DateTime.fromISO(input.from, { setZone: true });
    const to = DateTime.fromISO(input.to, { setZone: true });
    const now = this.clock.now();
    if (!from.isValid) throw ApiException.validation([{ field: 'from', messages: ['from must be a valid instant'] }]);
    if (!to.isValid) throw ApiException.validation([{ field: 'to', messages: ['to must be a valid instant'] }]);
    if (to <= from) throw ApiException.validation([{ field: 'to', messages: ['to must be later than from'] }]);
    if (to <= now) throw ApiException.validation([{ field: 'to', messages: [`to must be in the future (now is ${now.toISO()})`] }]);

    const result = await this.db.transaction(async (manager) => {
      const timeZone = await this.repo.officeTimeZone(officeId, manager);
      if (!timeZone) throw ApiException.notFound(ErrorCode.OFFICE_NOT_FOUND, 'Office');
      const notice = await manager.save(
        manager.create(OfficeNotice, { officeId, message: input.message, startsAt: from.toJSDate(), endsAt: to.toJSDate(), createdBy: actor.id }),
      );
      const notified = input.notifyBooked ? await this.repo.queueMessages(manager, notice, now.toJSDate(), { email: this.channels.email, sms: this.channels.sms }) : 0;
      return { notice, notified, timeZone };
    });

    this.logger.log(`Office ${officeId}: notice ${result.notice.id} published, ${result.notified} message(s) queued`);
    await this.changed(officeId);
    return { ...toNoticeDto(result.notice, result.timeZone), notified: result.notified };
  }

  /**
   * Withdraws a notice at once (kept as history, `deleted_at`). Its messages not yet sent are
   * skipped by the composer ('outdated').
   */
  async remove(actor: AuthenticatedUser, noticeId: string): Promise<void> {
    const notice = await this.db.manager.findOneBy(OfficeNotice, { id: noticeId });
    if (!notice || notice.deletedAt) throw ApiException.notFound(ErrorCode.NOTICE_NOT_FOUND, 'Notice');
    assertOfficeAccess(actor, notice.officeId);
    const { affected } = await this.db.manager
      .createQueryBuilder()
      .update(OfficeNotice)
      .set({ deletedAt: this.clock.now().toJSDate(), deletedBy: actor.id })
      .where('id = :noticeId AND deleted_at IS NULL', { noticeId })
      .execute();
    if (!affected) throw ApiException.notFound(ErrorCode.NOTICE_NOT_FOUND, 'Notice');
    this.logger.log(`Office ${notice.officeId}: notice ${noticeId} deleted`);
    await this.changed(notice.officeId);
  }

  private async loadLive(officeId: string): Promise<CachedNotices> {
    const timeZone = await this.repo.officeTimeZone(officeId);
    if (!timeZone) return null;
    return { timeZone, notices: await this.repo.live(officeId, this.clock.now().toJSDate()) };
  }

  private inForceOf({ timeZone, notices }: NonNullable<CachedNotices>): NoticeDto[] {
    const now = this.clock.now().toMillis();
    return notices.filter((notice) => noticeStatus(notice, now) === 'current').map((notice) => toNoticeDto(notice, timeZone));
  }

  /** Drops this instance's cached list and tells the office's screens (on every instance) what is in force now. */
  private async changed(officeId: string): Promise<void> {
    this.cache.delete(officeId);
    try {
      const live = await this.loadLive(officeId);
      this.cache.set(officeId, live);
      if (live) this.display.noticesChanged({ officeId, notices: this.inForceOf(live) });
    } catch (error) {
      // The change is committed: a screen that missed the event picks it up on its next poll.
      if (!notedDatabaseOutage(error, 'a notices event')) this.logger.error(`Could not emit notices.changed of office ${officeId}: ${(error as Error).message}`);
    }
  }
}
