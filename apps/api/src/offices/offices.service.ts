import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DEFAULT_TIME_ZONE } from '@turnero/scheduling';
import { Not, Repository } from 'typeorm';
import { type AuthenticatedUser, assertOfficeAccess } from '../auth/authenticated-user.js';
import { ApiException } from '../common/errors/api.exception.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { applyWhatsAppTemplates, type CreateOfficeDto, DEFAULT_REQUEST_DEADLINE_DAYS, type OfficeDto, toOfficeDto, type UpdateOfficeDto } from './dto/office.dto.js';
import { applyMessageSwitches } from './message-switches.js';
import { Office } from './office.entity.js';

@Injectable()
export class OfficesService {
  constructor(@InjectRepository(Office) private readonly offices: Repository<Office>) {}

  async list(): Promise<OfficeDto[]> {
    return (await this.offices.find({ order: { name: 'ASC' } })).map(toOfficeDto);
  }

  async get(id: string): Promise<OfficeDto> {
    return toOfficeDto(await this.find(id));
  }

  async find(id: string): Promise<Office> {
    const office = await this.offices.findOneBy({ id });
    if (!office) throw ApiException.notFound(ErrorCode.OFFICE_NOT_FOUND, 'Office');
    return office;
  }

  async create(input: CreateOfficeDto): Promise<OfficeDto> {
    await this.assertNameFree(input.name);
    const office = this.offices.create({
      name: input.name,
      address: input.address ?? null,
      timeZone: input.timeZone ?? DEFAULT_TIME_ZONE,
      openingHours: input.openingHours ?? {},
      holidayCountry: input.holidayCountry ?? 'CL',
      holidayRegion: input.holidayRegion ?? null,
      ...(input.waitTargetMinutes !== undefined ? { waitTargetMinutes: input.waitTargetMinutes } : {}),
      ...(input.personalDataRetentionDays !== undefined ? { personalDataRetentionDays: input.personalDataRetentionDays } : {}),
      ...(input.ratingEmail !== undefined ? { ratingEmail: input.ratingEmail } : {}),
      ...(input.reminderLeadMinutes !== undefined ? { reminderLeadMinutes: input.reminderLeadMinutes } : {}),
      ...(input.waitlistHoldMinutes !== undefined ? { waitlistHoldMinutes: input.waitlistHoldMinutes } : {}),
      ...(input.groupTickets !== undefined ? { groupTickets: input.groupTickets } : {}),
      contactPhone: input.contactPhone ?? null,
      contactEmail: input.contactEmail ?? null,
    });
    if (input.messages) Object.assign(office, applyMessageSwitches({ notificationsOff: [], ratingEmail: office.ratingEmail ?? true }, input.messages));
    if (input.whatsappTemplates) office.whatsappTemplates = applyWhatsAppTemplates({}, input.whatsappTemplates);
    if (input.requestDeadlineDays) office.requestDeadlineDays = { ...DEFAULT_REQUEST_DEADLINE_DAYS, ...input.requestDeadlineDays };
    return toOfficeDto(await this.offices.save(office));
  }

  async update(actor: AuthenticatedUser, id: string, input: UpdateOfficeDto): Promise<OfficeDto> {
    assertOfficeAccess(actor, id);
    const office = await this.find(id);
    if (input.name !== undefined && input.name !== office.name) await this.assertNameFree(input.name, id);
    const { messages, whatsappTemplates, requestDeadlineDays, ...columns } = input;
    Object.assign(office, Object.fromEntries(Object.entries(columns).filter(([, value]) => value !== undefined)));
    // After ratingEmail: given both, messages.rating wins.
    if (messages) Object.assign(office, applyMessageSwitches(office, messages));
    if (whatsappTemplates) office.whatsappTemplates = applyWhatsAppTemplates(office.whatsappTemplates, whatsappTemplates);
    if (requestDeadlineDays) office.requestDeadlineDays = { ...DEFAULT_REQUEST_DEADLINE_DAYS, ...office.requestDeadlineDays, ...requestDeadlineDays };
    return toOfficeDto(await this.offices.save(office));
  }

  private async assertNameFree(name: string, exceptId?: string): Promise<void> {
    if (await this.offices.existsBy({ name, ...(exceptId ? { id: Not(exceptId) } : {}) })) {
      throw new ApiException(ErrorCode.DUPLICATE_OFFICE_NAME, 'An office with this name already exists', [
        { field: 'name', messages: ['already used by another office'] },
      ]);
    }
  }
}
