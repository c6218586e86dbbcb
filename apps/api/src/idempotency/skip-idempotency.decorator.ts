import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';

export const SKIP_IDEMPOTENCY = 'turnero:skipIdempotency';
/** OpenAPI extension on operations that ignore Idempotency-Key; `addIdempotencyHeaderToDocument` skips them. */
export const NO_IDEMPOTENCY_EXTENSION = 'x-idempotency-key';

/**
 * Marks a POST route (or controller) that ignores Idempotency-Key: one that changes nothing worth
 * protecting, or whose response must never be stored (e.g. login: it returns a bearer token).
 */
export const SkipIdempotency = () =>
  applyDecorators(SetMetadata(SKIP_IDEMPOTENCY, true), ApiExtension(NO_IDEMPOTENCY_EXTENSION, 'ignored'));
