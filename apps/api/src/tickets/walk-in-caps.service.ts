import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { takesWalkIns, ticketDay } from '@turnero/scheduling';
import { DataSource, In } from 'typeorm';
import { type AuthenticatedUser, assertOfficeAccess } from '../auth/authenticated-user.js';
import { Clock } from '../common/clock/clock.js';
import { ApiException } from '../common/errors/api.exception.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { Office } from '../offices/office.entity.js';
import { ServiceEntity } from '../services/service.entity.js';
import type { WalkInCapDto } from './dto/walk-in-cap.dto.js';
import { QueueNotifier } from './queue-notifier.js';
import { type WalkInTallyRow, WalkInTallies } from './walk-in-tallies.js';

/** The supervisor's live control of today's walk-in caps, and the day's figures per walk-in service. */
@Injectable()
export class WalkInCapsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tallies: WalkInTallies,
    private readonly notifier: QueueNotifier,
    private readonly clock: Clock,
  ) {}

  async today(actor: AuthenticatedUser, officeId: string): Promise<WalkInCapDto[]> {
    assertOfficeAccess(actor, officeId);
    const office = await this.db.manager.findOneBy(Office, { id: officeId });
    if (!office) throw ApiException.notFound(ErrorCode.OFFICE_NOT_FOUND, 'Office');
    const services = (await this.db.manager.find(ServiceEntity, { where: { officeId, active: true, mode: In(['walk_in', 'both']) }, order: { position: 'ASC', code: 'ASC' } })).filter(
      (s) => takesWalkIns(s.mode),
    );
    const today = ticketDay(this.clock.now(), office.timeZone);
    const tallies = await this.tallies.onDay(this.db.manager, services.map((s) => s.id), today);
    return services.map((s) => toWalkInCapDto(s, tallies.get(s.id)));
  }

  /** Today's cap for one service (null: back to its configured cap); applies to the next walk-in on every instance. */
  async setToday(actor: AuthenticatedUser, serviceId: string, cap: number | null): Promise<WalkInCapDto> {
    const service = await this.db.manager.findOneBy(ServiceEntity, { id: serviceId });
    if (!service) throw ApiException.notFound(ErrorCode.SERVICE_NOT_FOUND, 'Service');
    assertOfficeAccess(actor, service.officeId);
    if (!takesWalkIns(service.mode)) throw new ApiException(ErrorCode.SERVICE_NOT_WALK_IN, `"${service.name}" takes no walk-ins, so it has no walk-in cap`);
    const office = await this.db.manager.findOneByOrFail(Office, { id: service.officeId });
    const today = ticketDay(this.clock.now(), office.timeZone);
    await this.tallies.setOverride(this.db.manager, serviceId, today, cap);
    this.notifier.queueChanged(service.officeId);
    const tallies = await this.tallies.onDay(this.db.manager, [serviceId], today);
    return toWalkInCapDto(service, tallies.get(serviceId));
  }
}

function toWalkInCapDto(service: ServiceEntity, tally: WalkInTallyRow | undefined): WalkInCapDto {
  const cap = tally?.capOverride ?? service.walkInDailyCap;
  const issued = tally?.issued ?? 0;
  return {
    serviceId: service.id,
    name: service.name,
    cap,
    defaultCap: service.walkInDailyCap,
    overridden: tally?.capOverride != null,
    issued,
    refused: tally?.refused ?? 0,
    remaining: cap === null ? null : Math.max(cap - issued, 0),
  };
}
