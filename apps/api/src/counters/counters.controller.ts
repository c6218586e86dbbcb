import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { type AuthenticatedUser, CurrentUser } from '../auth/authenticated-user.js';
import { Roles } from '../auth/roles.decorator.js';
import { uuidParam } from '../common/validation/uuid-param.pipe.js';
import { CountersService } from './counters.service.js';
import { CounterDto, CreateCounterDto, UpdateCounterDto } from './dto/counter.dto.js';

@ApiTags('counters')
@ApiBearerAuth()
@SkipThrottle()
@Controller()
export class CountersController {
  constructor(private readonly counters: CountersService) {}

  @Get('offices/:officeId/counters')
  @Roles('admin', 'supervisor', 'agent')
  @ApiOperation({ summary: "The office's counters and the services each may serve (the office's staff)" })
  @ApiOkResponse({ type: [CounterDto] })
  list(@CurrentUser() actor: AuthenticatedUser, @Param('officeId', uuidParam('officeId')) officeId: string): Promise<CounterDto[]> {
    return this.counters.list(actor, officeId);
  }

  @Post('offices/:officeId/counters')
  @Roles('admin', 'supervisor')
  @ApiOperation({ summary: 'Create a counter (admin; supervisor in their office)' })
  @ApiCreatedResponse({ type: CounterDto })
  create(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('officeId', uuidParam('officeId')) officeId: string,
    @Body() body: CreateCounterDto,
  ): Promise<CounterDto> {
    return this.counters.create(actor, officeId, body);
  }

  @Patch('counters/:counterId')
  @Roles('admin', 'supervisor')
  @ApiOkResponse({ type: CounterDto })
  update(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('counterId', uuidParam('counterId')) counterId: string,
    @Body() body: UpdateCounterDto,
  ): Promise<CounterDto> {
    return this.counters.update(actor, counterId, body);
  }
}
