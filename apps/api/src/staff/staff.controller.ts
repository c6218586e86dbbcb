import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { uuidParam } from '../common/validation/uuid-param.pipe.js';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { type AuthenticatedUser, CurrentUser } from '../auth/authenticated-user.js';
import { Roles } from '../auth/roles.decorator.js';
import { CreateStaffDto, StaffUserDto, UpdateStaffDto } from './dto/staff-user.dto.js';
import { StaffService } from './staff.service.js';

@ApiTags('staff')
@ApiBearerAuth()
@SkipThrottle()
@Roles('admin', 'supervisor')
@Controller('staff')
export class StaffController {
  constructor(private readonly staff: StaffService) {}

  @Get()
  @ApiOperation({ summary: 'Staff accounts (a supervisor sees their office only)' })
  @ApiQuery({ name: 'officeId', required: false })
  @ApiOkResponse({ type: [StaffUserDto] })
  list(@CurrentUser() actor: AuthenticatedUser, @Query('officeId', uuidParam('officeId', true)) officeId?: string) {
    return this.staff.list(actor, officeId);
  }

  @Get(':id')
  @ApiOkResponse({ type: StaffUserDto })
  get(@CurrentUser() actor: AuthenticatedUser, @Param('id', uuidParam('id')) id: string) {
    return this.staff.get(actor, id);
  }

  @Post()
  @ApiOperation({ summary: 'Create a staff account (a supervisor: only in their office, never an admin)' })
  @ApiCreatedResponse({ type: StaffUserDto })
  create(@CurrentUser() actor: AuthenticatedUser, @Body() body: CreateStaffDto) {
    return this.staff.create(actor, body);
  }

  @Patch(':id')
  @ApiOkResponse({ type: StaffUserDto })
  update(@CurrentUser() actor: AuthenticatedUser, @Param('id', uuidParam('id')) id: string, @Body() body: UpdateStaffDto) {
    return this.staff.update(actor, id, body);
  }
}
