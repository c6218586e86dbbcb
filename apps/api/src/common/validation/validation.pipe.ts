import { type ArgumentMetadata, ValidationError, ValidationPipe, type ValidationPipeOptions } from '@nestjs/common';
import { ApiException, FieldProblem } from '../errors/api.exception.js';
import { compiledCheckOf } from './compiled/compiled-validation.js';

/** Flattens class-validator's error tree into one problem per field, with dotted paths. */
export function fieldProblems(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints
      ? [{ field, messages: Object.values(error.constraints).map((m) => m.replace(/^property (\S+) should not exist$/, 'unknown field')) }]
      : [];
    return [...own, ...fieldProblems(error.children ?? [], field)];
  });
}

/**
 * Nest's ValidationPipe, but a DTO marked @CompiledValidation() (the hot routes) is first checked
 * by its compiled decorators: valid input becomes the DTO instance at once; anything else goes
 * through class-validator as usual, which names the fields in the 400 (compiled/compiled-dto.ts).
 */
export class ApiValidationPipe extends ValidationPipe {
  constructor(options: ValidationPipeOptions) {
    super(options);
  }

  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'custom' && metadata.metatype) {
      const check = compiledCheckOf(metadata.metatype);
      if (check) {
        const verdict = check(value);
        if (verdict.valid) return Promise.resolve(verdict.value);
      }
    }
    return super.transform(value, metadata) as Promise<unknown>;
  }
}

/** Whitelists DTO fields, refuses unknown ones, converts types (none implicitly), and names every bad field. */
export const VALIDATION_PIPE_OPTIONS: ValidationPipeOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  transform: true,
  transformOptions: { enableImplicitConversion: false },
  stopAtFirstError: false,
  exceptionFactory: (errors) => ApiException.validation(fieldProblems(errors)),
};

/** The global pipe: VALIDATION_PIPE_OPTIONS, with the hot routes' DTOs compiled. */
export function createValidationPipe(): ValidationPipe {
  return new ApiValidationPipe(VALIDATION_PIPE_OPTIONS);
}
