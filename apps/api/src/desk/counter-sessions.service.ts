import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { withRetry } from '../database/transaction-retry.js';
import { Clock } from '../common/clock/clock.js';
import { ApiException } from '../common/errors/api.exception.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { counterFor } from './desk-access.js';
import { QueueNotifier } from '../tickets/queue-notifier.js';
import { type CounterState, DeskRepository } from './desk.repository.js';
import type { CounterDto } from '../counters/dto/counter.dto.js';

/**
 * Opening and closing a counter (answers are API.md's counter, as `GET /offices/{id}/counters` lists it): which of its services it serves now, and who staffs it.
 * Each change of the session is logged in counter_session_log by the same statement (DeskRepository), for the reports' utilisation.
 */
@Injectable()
export class CounterSessionsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repo: DeskRepository,
    private readonly clock: Clock,
    private readonly notifier: QueueNotifier,
  ) {}

  async open(actor: AuthenticatedUser, counterId: string, serviceIds?: string[]): Promise<CounterDto> {
    const counter = await withRetry(() =>
      this.db.transaction(async (manager) => {
        // Locked like call-next and close do: the session log is written from what this transaction sees next.
        const counter = await counterFor(this.repo, manager, actor, counterId, true);
        if (!counter.active) throw new ApiException(ErrorCode.COUNTER_INACTIVE, `Counter ${counter.name} is deactivated`);
        const chosen = serviceIds ?? counter.serviceIds;
        const foreign = chosen.filter((id) => !counter.serviceIds.includes(id));
        if (foreign.length > 0) {
          throw ApiException.validation([{ field: 'serviceIds', messages: foreign.map((id) => `${id} is not a service this counter may serve`) }]);
        }
        await this.repo.openSession(manager, counter, chosen, actor.id, this.clock.now().toJSDate());
        return (await this.repo.counter(manager, counterId))!;
      }),
    );
    this.notifier.changed(counter.officeId, []);
    return view(counter);
  }

  /** Closes the counter; refused while it still has a called or serving ticket (finish that first). */
  async close(actor: AuthenticatedUser, counterId: string): Promise<CounterDto> {
    const counter = await withRetry(() =>
      this.db.transaction(async (manager) => {
        const counter = await counterFor(this.repo, manager, actor, counterId, true);
        const office = await manager.query(`SELECT time_zone FROM offices WHERE id = $1`, [counter.officeId]) as { time_zone: string }[];
        const today = this.clock.now().setZone(office[0].time_zone).toISODate()!;
        const busy = await this.repo.ticketAtCounter(manager, counter, today);
        if (busy) {
          throw new ApiException(ErrorCode.COUNTER_BUSY, `Counter ${counter.name} still has ticket ${busy.number} (${busy.status}): finish it first`, busy);
        }
        await this.repo.closeSession(manager, counterId, this.clock.now().toJSDate());
        return (await this.repo.counter(manager, counterId))!;
      }),
    );
    this.notifier.changed(counter.officeId, []);
    return view(counter);
  }
}

function view(counter: CounterState): CounterDto {
  const { id, officeId, name, active, serviceIds, open, openServiceIds } = counter;
  return { id, officeId, name, active, serviceIds, open, openServiceIds };
}
