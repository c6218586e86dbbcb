import { Body, Controller, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { type AuthenticatedUser, CurrentUser } from '../auth/authenticated-user.js';
import { Roles } from '../auth/roles.decorator.js';
import { uuidParam } from '../common/validation/uuid-param.pipe.js';
import { StaffPermissionsDto, StaffPermissionsResultDto } from './dto/desk.dto.js';
import { StaffPermissionsService } from './staff-permissions.service.js';

@ApiTags('staff')
@ApiBearerAuth()
@SkipThrottle()
@Controller('staff/:id/permissions')
export class StaffPermissionsController {
  constructor(private readonly permissions: StaffPermissionsService) {}

  @Put()
  @Roles('admin', 'supervisor')
  @ApiOperation({ summary: 'Grant or withdraw desk permissions (admin; supervisor within their office)' })
  @ApiOkResponse({ type: StaffPermissionsResultDto })
  set(@CurrentUser() actor: AuthenticatedUser, @Param('id', uuidParam('id')) id: string, @Body() body: StaffPermissionsDto): Promise<StaffPermissionsResultDto> {
    return this.permissions.set(actor, id, body.canCallOutOfOrder);
  }
}
