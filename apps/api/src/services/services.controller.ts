import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser } from '../auth/authenticated-user.js';
import { Public } from '../auth/public.decorator.js';
import { Roles } from '../auth/roles.decorator.js';
import { uuidParam } from '../common/validation/uuid-param.pipe.js';
import { CreateServiceDto, PublicServiceDto, ServiceDto, UpdateServiceDto } from './dto/service.dto.js';
import { ServicesService } from './services.service.js';

@ApiTags('services')
@Controller()
export class ServicesController {
  constructor(private readonly services: ServicesService) {}

  @Get('offices/:officeId/services')
  @Public()
  @ApiOperation({ summary: "An office's active services with their requirements (public)" })
  @ApiOkResponse({ type: [PublicServiceDto] })
  listPublic(@Param('officeId', uuidParam('officeId')) officeId: string): Promise<PublicServiceDto[]> {
    return this.services.listPublic(officeId);
  }

  @Get('offices/:officeId/services/settings')
  @Roles('admin', 'supervisor', 'agent')
  @ApiBearerAuth()
  @ApiOperation({ summary: "Every service of the office with its capacity settings, inactive ones too (the office's staff)" })
  @ApiOkResponse({ type: [ServiceDto] })
  listForStaff(@CurrentUser() actor: AuthenticatedUser, @Param('officeId', uuidParam('officeId')) officeId: string): Promise<ServiceDto[]> {
    return this.services.listForStaff(actor, officeId);
  }

  @Post('offices/:officeId/services')
  @Roles('admin', 'supervisor')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Create a service (admin; supervisor in their office)' })
  @ApiCreatedResponse({ type: ServiceDto })
  create(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('officeId', uuidParam('officeId')) officeId: string,
    @Body() body: CreateServiceDto,
  ): Promise<ServiceDto> {
    return this.services.create(actor, officeId, body);
  }

  @Get('services/:serviceId')
  @Public()
  @ApiOkResponse({ type: PublicServiceDto })
  get(@Param('serviceId', uuidParam('serviceId')) serviceId: string): Promise<PublicServiceDto> {
    return this.services.getPublic(serviceId);
  }

  @Patch('services/:serviceId')
  @Roles('admin', 'supervisor')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Change a service and its capacity settings (admin; supervisor in their office)' })
  @ApiOkResponse({ type: ServiceDto })
  update(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('serviceId', uuidParam('serviceId')) serviceId: string,
    @Body() body: UpdateServiceDto,
  ): Promise<ServiceDto> {
    return this.services.update(actor, serviceId, body);
  }
}
