import { Logger } from '@nestjs/common';
import { type AnyClass, compileDto, type CompiledVerdict } from './compiled-dto.js';

type Check = (value: unknown) => CompiledVerdict<object>;

const marked = new WeakSet<AnyClass>();
const checks = new WeakMap<AnyClass, Check | null>();
const logger = new Logger('CompiledValidation');

/**
 * Marks a DTO of a hot route (the booking rush's POST /bookings body and availability query): the
 * global ValidationPipe checks it with its decorators compiled once (compiled-dto.ts) and hands
 * only invalid or unusual input to class-validator, which writes the 400 as for any other DTO.
 */
export function CompiledValidation(): ClassDecorator {
  return (target) => {
    marked.add(target as unknown as AnyClass);
  };
}

/** The compiled check of a marked DTO, compiled on first use; undefined for any other class. */
export function compiledCheckOf(cls: AnyClass): Check | undefined {
  if (!marked.has(cls)) return undefined;
  let check = checks.get(cls);
  if (check === undefined) {
    try {
      check = compileDto(cls as new () => object);
    } catch (error) {
      // A decorator the compiler does not follow: class-validator checks this DTO, as any other.
      logger.error(error instanceof Error ? error.message : String(error));
      check = null;
    }
    checks.set(cls, check);
  }
  return check ?? undefined;
}
