import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DEFAULT_SERVICE_SETTINGS } from '@turnero/scheduling';
import { Not, Repository } from 'typeorm';
import { type AuthenticatedUser, assertOfficeAccess } from '../auth/authenticated-user.js';
import { ApiException } from '../common/errors/api.exception.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { OfficesService } from '../offices/offices.service.js';
import { type CreateServiceDto, type PublicServiceDto, type ServiceDto, toPublicServiceDto, toServiceDto, type UpdateServiceDto } from './dto/service.dto.js';
import { ServiceEntity } from './service.entity.js';

@Injectable()
export class ServicesService {
  constructor(
    @InjectRepository(ServiceEntity) private readonly services: Repository<ServiceEntity>,
    private readonly offices: OfficesService,
  ) {}

  /** The office's active services, for applicants. */
  async listPublic(officeId: string): Promise<PublicServiceDto[]> {
    await this.offices.find(officeId);
    const services = await this.services.find({ where: { officeId, active: true }, order: { position: 'ASC', code: 'ASC' } });
    return services.map(toPublicServiceDto);
  }

  /** Every service of the office with its settings, active or not, for its staff. */
  async listForStaff(actor: AuthenticatedUser, officeId: string): Promise<ServiceDto[]> {
    assertOfficeAccess(actor, officeId);
    await this.offices.find(officeId);
    const services = await this.services.find({ where: { officeId }, order: { position: 'ASC', code: 'ASC' } });
    return services.map(toServiceDto);
  }

  async getPublic(id: string): Promise<PublicServiceDto> {
    const service = await this.find(id);
    if (!service.active) throw ApiException.notFound(ErrorCode.SERVICE_NOT_FOUND, 'Service');
    return toPublicServiceDto(service);
  }

  async find(id: string): Promise<ServiceEntity> {
    const service = await this.services.findOneBy({ id });
    if (!service) throw ApiException.notFound(ErrorCode.SERVICE_NOT_FOUND, 'Service');
    return service;
  }

  async create(actor: AuthenticatedUser, officeId: string, input: CreateServiceDto): Promise<ServiceDto> {
    assertOfficeAccess(actor, officeId);
    await this.offices.find(officeId);
    await this.assertCodeFree(officeId, input.code);
    const service = this.services.create({ ...DEFAULT_SERVICE_SETTINGS, requirements: [], ...input, officeId } as Partial<ServiceEntity>);
    return toServiceDto(await this.services.save(service));
  }

  async update(actor: AuthenticatedUser, id: string, input: UpdateServiceDto): Promise<ServiceDto> {
    const service = await this.find(id);
    assertOfficeAccess(actor, service.officeId);
    if (input.code !== undefined && input.code !== service.code) await this.assertCodeFree(service.officeId, input.code, id);
    Object.assign(service, Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)));
    return toServiceDto(await this.services.save(service));
  }

  private async assertCodeFree(officeId: string, code: string, exceptId?: string): Promise<void> {
    if (await this.services.existsBy({ officeId, code, ...(exceptId ? { id: Not(exceptId) } : {}) })) {
      throw new ApiException(ErrorCode.DUPLICATE_SERVICE_CODE, `This office already has a service with code ${code}`, [
        { field: 'code', messages: ['already used by another service of this office'] },
      ]);
    }
  }
}
