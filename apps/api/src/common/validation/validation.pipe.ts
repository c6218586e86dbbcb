import { ValidationError, ValidationPipe } from '@nestjs/common';
import { ApiException, FieldProblem } from '../errors/api.exception.js';

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

/** Whitelists DTO fields, refuses unknown ones, converts types, and names every bad field. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    stopAtFirstError: false,
    exceptionFactory: (errors) => ApiException.validation(fieldProblems(errors)),
  });
}
