import { applyDecorators, Controller, type Type } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiExtraModels,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { Roles } from '../auth/roles.decorator.js';

/**
 * What every controller of an office's reports declares (the office's figures, its requests, its
 * waitlist): supervisors of the office and admins, no throttling (staff, behind a token), the
 * report's model for the JSON-or-CSV answer, and the refusals every report route shares.
 * Applied in the order the stacked decorators were (bottom-up), so the OpenAPI document is the same.
 */
export function OfficeReportsController(report: Type<unknown>, options: { path?: string; parameters?: string } = {}): ClassDecorator {
  return applyDecorators(
    Controller(options.path ?? 'offices/:officeId/reports'),
    ApiNotFoundResponse({ description: 'OFFICE_NOT_FOUND' }),
    ApiForbiddenResponse({ description: 'FORBIDDEN: an agent, or a supervisor of another office' }),
    ApiUnauthorizedResponse({ description: 'UNAUTHORIZED' }),
    ApiBadRequestResponse({ description: `VALIDATION_FAILED naming the parameter (${options.parameters ?? 'from, to, officeId'}), INVALID_DATE_RANGE (to)` }),
    ApiExtraModels(report),
    SkipThrottle(),
    Roles('admin', 'supervisor'),
    ApiBearerAuth(),
    ApiTags('reports'),
  );
}
