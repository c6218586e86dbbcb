import { isLocalDate, isValidTimeZone, weeklyHoursProblems } from '@turnero/scheduling';
import { registerDecorator, ValidateIf, type ValidationArguments, type ValidationOptions } from 'class-validator';

/** An IANA time zone name such as America/Santiago. */
export function IsTimeZone(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isTimeZone',
      target: target.constructor,
      propertyName,
      options: { message: `${propertyName} must be an IANA time zone such as America/Santiago`, ...options },
      validator: { validate: (value: unknown) => typeof value === 'string' && isValidTimeZone(value) },
    });
}

/** Weekly opening hours: ISO weekday → list of non-overlapping HH:mm intervals. */
export function IsWeeklyHours(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isWeeklyHours',
      target: target.constructor,
      propertyName,
      options,
      validator: {
        validate: (value: unknown) =>
          typeof value === 'object' && value !== null && !Array.isArray(value) && weeklyHoursProblems(value as Record<string, unknown>).length === 0,
        defaultMessage: (args?: ValidationArguments) => {
          const value = args?.value;
          if (typeof value !== 'object' || value === null || Array.isArray(value)) {
            return `${propertyName} must be an object keyed by ISO weekday (1 = Monday … 7 = Sunday)`;
          }
          return `${propertyName}: ${weeklyHoursProblems(value as Record<string, unknown>).join('; ')}`;
        },
      },
    });
}

/**
 * A field that may be left out but not sent as null: class-validator's IsOptional lets null
 * through too, and then a non-nullable field reached the database as NULL (a 500, issue #15).
 * Fields whose contract allows null keep IsOptional.
 */
export function IsOmittable(options?: ValidationOptions): PropertyDecorator {
  return ValidateIf((_object: unknown, value: unknown) => value !== undefined, options);
}

/**
 * A real calendar date written YYYY-MM-DD (2026-02-30 is refused), between 1900 and 9999: years
 * an office can mean, which PostgreSQL and the time-zone arithmetic handle (year 0000 is not a
 * date to PostgreSQL).
 */
export function isLocalDateString(value: unknown): value is string {
  // isLocalDate: YYYY-MM-DD naming a real Gregorian date (plain arithmetic: a luxon parse here cost
  // a tenth of an availability read, issue #19).
  return isLocalDate(value) && Number(value.slice(0, 4)) >= 1900;
}

/** A property that must be a calendar date YYYY-MM-DD (isLocalDateString). */
export function IsLocalDate(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isLocalDate',
      target: target.constructor,
      propertyName,
      options: { message: `${propertyName} must be a date written YYYY-MM-DD`, ...options },
      validator: { validate: isLocalDateString },
    });
}
