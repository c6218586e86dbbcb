import { ParseUUIDPipe } from '@nestjs/common';
import { ApiException } from '../errors/api.exception.js';

/** A path or query parameter that must be a UUID; a bad one is a 400 naming the parameter. */
export function uuidParam(field: string, optional = false): ParseUUIDPipe {
  return new ParseUUIDPipe({
    optional,
    exceptionFactory: () => ApiException.validation([{ field, messages: [`${field} must be a UUID`] }]),
  });
}
