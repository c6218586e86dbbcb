import { Controller, Get, Param } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, assertOfficeAccess, CurrentUser } from '../auth/authenticated-user.js';
import { Roles } from '../auth/roles.decorator.js';
import { uuidParam } from '../common/validation/uuid-param.pipe.js';
import { MessageChannels } from '../notifications/channels/message-channels.js';
import { MessageChannelsDto } from './dto/message-channels.dto.js';
import { OfficesService } from './offices.service.js';

/**
 * What the office's message settings can reach on this server: the supervisor's settings page says
 * that a switch is on but nothing goes out while its channel is not configured. Per office, for
 * access (a supervisor asks about their own office) and for WhatsApp templates approved per office later.
 */
@ApiTags('offices')
@ApiBearerAuth()
@Controller('offices')
export class MessageChannelsController {
  constructor(
    private readonly offices: OfficesService,
    private readonly channels: MessageChannels,
  ) {}

  @Get(':officeId/message-channels')
  @Roles('admin', 'supervisor')
  @ApiOperation({ summary: 'Which channels (email, SMS, WhatsApp) this server sends messages through (supervisors of the office, admins)' })
  @ApiOkResponse({ type: MessageChannelsDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: officeId is not a UUID' })
  @ApiForbiddenResponse({ description: 'FORBIDDEN: an agent, or a supervisor of another office' })
  async get(@CurrentUser() actor: AuthenticatedUser, @Param('officeId', uuidParam('officeId')) officeId: string): Promise<MessageChannelsDto> {
    assertOfficeAccess(actor, officeId);
    await this.offices.find(officeId);
    return { email: this.channels.email, sms: this.channels.sms, whatsapp: this.channels.whatsapp };
  }
}
