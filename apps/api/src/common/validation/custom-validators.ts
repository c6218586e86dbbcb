import { isValidTimeZone, weeklyHoursProblems } from '@turnero/scheduling';
import { registerDecorator, type ValidationArguments, type ValidationOptions } from 'class-validator';

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
