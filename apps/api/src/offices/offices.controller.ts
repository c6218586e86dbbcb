import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser } from '../auth/authenticated-user.js';
import { Public } from '../auth/public.decorator.js';
import { Roles } from '../auth/roles.decorator.js';
import { uuidParam } from '../common/validation/uuid-param.pipe.js';
import { CreateOfficeDto, OfficeDto, UpdateOfficeDto } from './dto/office.dto.js';
import { OfficesService } from './offices.service.js';

@ApiTags('offices')
@Controller('offices')
export class OfficesController {
  constructor(private readonly offices: OfficesService) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'All offices (public)' })
  @ApiOkResponse({ type: [OfficeDto] })
  list(): Promise<OfficeDto[]> {
    return this.offices.list();
  }

  @Get(':officeId')
  @Public()
  @ApiOkResponse({ type: OfficeDto })
  get(@Param('officeId', uuidParam('officeId')) officeId: string): Promise<OfficeDto> {
    return this.offices.get(officeId);
  }

  @Post()
  @Roles('admin')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Create an office (admin)' })
  @ApiCreatedResponse({ type: OfficeDto })
  create(@Body() body: CreateOfficeDto): Promise<OfficeDto> {
    return this.offices.create(body);
  }

  @Patch(':officeId')
  @Roles('admin', 'supervisor')
  @ApiBearerAuth()
  @ApiOperation({ summary: "Change an office (admin; a supervisor: their own office's hours and details)" })
  @ApiOkResponse({ type: OfficeDto })
  update(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('officeId', uuidParam('officeId')) officeId: string,
    @Body() body: UpdateOfficeDto,
  ): Promise<OfficeDto> {
    return this.offices.update(actor, officeId, body);
  }
}
