import type { OpenAPIObject, OperationObject, ParameterObject } from '@nestjs/swagger';
import { IDEMPOTENCY_KEY_HEADER, IDEMPOTENT_REPLAYED_HEADER } from './idempotency-request.js';
import { NO_IDEMPOTENCY_EXTENSION } from './skip-idempotency.decorator.js';

const PARAMETER_NAME = 'IdempotencyKey';

const IDEMPOTENCY_KEY_PARAMETER: ParameterObject = {
  name: IDEMPOTENCY_KEY_HEADER,
  in: 'header',
  required: false,
  description:
    'Makes the request safe to retry: a retry with the same key and the same URL and body within 24 hours returns the first ' +
    `response again (with \`${IDEMPOTENT_REPLAYED_HEADER}: true\`) and changes nothing. The same key with another request is ` +
    '422 `IDEMPOTENCY_KEY_REUSED`; while the first request is still running, 409 `IDEMPOTENCY_REQUEST_IN_PROGRESS` with ' +
    '`Retry-After`. Keys are per endpoint and per user. Use a new random key (e.g. a UUID) for every new request.',
  schema: { type: 'string', minLength: 1, maxLength: 128, pattern: '^[\\x21-\\x7E]+$', example: '5f0c6a9e-6a43-4a8e-9d1b-1f0d7c1e2b3a' },
};

/**
 * Documents the optional Idempotency-Key header on every POST operation of an OpenAPI document
 * (except those marked `@SkipIdempotency()`), as one shared `components.parameters` entry.
 * Returns the same document, changed in place.
 */
export function addIdempotencyHeaderToDocument<T extends OpenAPIObject>(document: T): T {
  const parameters = ((document.components ??= {}).parameters ??= {});
  parameters[PARAMETER_NAME] = IDEMPOTENCY_KEY_PARAMETER;
  const ref = { $ref: `#/components/parameters/${PARAMETER_NAME}` };
  for (const path of Object.values(document.paths)) {
    const operation: OperationObject | undefined = path.post;
    if (!operation || NO_IDEMPOTENCY_EXTENSION in operation) continue;
    const existing = operation.parameters ?? [];
    const present = existing.some((p) =>
      '$ref' in p ? p.$ref === ref.$ref : p.in === 'header' && p.name.toLowerCase() === IDEMPOTENCY_KEY_HEADER.toLowerCase(),
    );
    if (!present) operation.parameters = [...existing, { ...ref }];
  }
  return document;
}
