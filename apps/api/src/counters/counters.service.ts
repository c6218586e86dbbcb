import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Not, Repository } from 'typeorm';
import { type AuthenticatedUser, assertOfficeAccess } from '../auth/authenticated-user.js';
import { ApiException } from '../common/errors/api.exception.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { OfficesService } from '../offices/offices.service.js';
import { ServiceEntity } from '../services/service.entity.js';
import { CounterSession } from './counter-session.entity.js';
import { Counter } from './counter.entity.js';
import { type CounterDto, type CreateCounterDto, toCounterDto, type UpdateCounterDto } from './dto/counter.dto.js';

@Injectable()
export class CountersService {
  constructor(
    @InjectRepository(Counter) private readonly counters: Repository<Counter>,
    @InjectRepository(ServiceEntity) private readonly services: Repository<ServiceEntity>,
    @InjectRepository(CounterSession) private readonly sessions: Repository<CounterSession>,
    private readonly offices: OfficesService,
  ) {}

  async list(actor: AuthenticatedUser, officeId: string): Promise<CounterDto[]> {
    assertOfficeAccess(actor, officeId);
    await this.offices.find(officeId);
    const [counters, sessions] = await Promise.all([
      this.counters.find({ where: { officeId }, relations: { services: true }, order: { name: 'ASC' } }),
      this.sessions.findBy({ officeId }),
    ]);
    return counters.map((counter) => toCounterDto(counter, sessions.find((s) => s.counterId === counter.id)));
  }

  async create(actor: AuthenticatedUser, officeId: string, input: CreateCounterDto): Promise<CounterDto> {
    assertOfficeAccess(actor, officeId);
    await this.offices.find(officeId);
    await this.assertNameFree(officeId, input.name);
    const services = await this.servicesOfOffice(officeId, input.serviceIds);
    const counter = await this.counters.save(this.counters.create({ officeId, name: input.name, active: input.active ?? true, services }));
    return toCounterDto(counter);
  }

  async update(actor: AuthenticatedUser, id: string, input: UpdateCounterDto): Promise<CounterDto> {
    const counter = await this.counters.findOne({ where: { id }, relations: { services: true } });
    if (!counter) throw ApiException.notFound(ErrorCode.COUNTER_NOT_FOUND, 'Counter');
    assertOfficeAccess(actor, counter.officeId);
    if (input.name !== undefined && input.name !== counter.name) {
      await this.assertNameFree(counter.officeId, input.name, id);
      counter.name = input.name;
    }
    if (input.active !== undefined) counter.active = input.active;
    if (input.serviceIds !== undefined) counter.services = await this.servicesOfOffice(counter.officeId, input.serviceIds);
    const saved = await this.counters.save(counter);
    return toCounterDto(saved, await this.sessions.findOneBy({ counterId: id }));
  }

  /** The services named, all of which must belong to the counter's office. */
  private async servicesOfOffice(officeId: string, ids: string[]): Promise<ServiceEntity[]> {
    if (ids.length === 0) return [];
    const found = await this.services.findBy({ id: In(ids), officeId });
    const missing = ids.filter((id) => !found.some((s) => s.id === id));
    if (missing.length > 0) {
      throw new ApiException(ErrorCode.SERVICE_NOT_IN_OFFICE, 'A counter can only serve services of its own office', [
        { field: 'serviceIds', messages: missing.map((id) => `${id} is not a service of this office`) },
      ]);
    }
    return found;
  }

  private async assertNameFree(officeId: string, name: string, exceptId?: string): Promise<void> {
    if (await this.counters.existsBy({ officeId, name, ...(exceptId ? { id: Not(exceptId) } : {}) })) {
      throw new ApiException(ErrorCode.DUPLICATE_COUNTER_NAME, `This office already has a counter named ${name}`, [
        { field: 'name', messages: ['already used by another counter of this office'] },
      ]);
    }
  }
}
