import { createRequire } from 'node:module';
import { getMetadataStorage, type ValidationArguments, ValidationTypes } from 'class-validator';
import { TransformationType } from 'class-transformer';

/**
 * A DTO's class-validator and class-transformer decorators, read once and turned into plain loops
 * (issue #19): the hot routes' bodies and queries are checked without class-validator's per-call
 * metadata lookups (a quarter of a booking attempt's CPU in the rush), by the very validator
 * functions the decorators registered, so the decorators stay the one definition of each DTO.
 *
 * The compiled check only ever says "valid" (and gives the DTO instance ValidationPipe would give:
 * the same class, the same @Transform results, in the same key order) or "invalid" (naming the
 * fields class-validator would name). Invalid input is then handed to the ValidationPipe itself,
 * so every 400 and its messages are class-validator's, word for word. Input whose shape is outside
 * what the compiler follows (an object or array where no @Type says which class it becomes, a
 * validator answering with a Promise, …) is "undecided" and handed over too.
 *
 * Supported decorators: any class-validator constraint (built-in or registerDecorator, `each`
 * included, `validateIf` included), ValidateIf, IsDefined, ValidateNested with class-transformer's
 * @Type (one class, no discriminator), class-transformer's @Transform. A DTO using groups, `always`,
 * @Expose/@Exclude, or methods on its prototype is refused at compile time (compileDto throws).
 */

// class-transformer keeps its decorators' metadata in this singleton; it has no public entry point.
const require = createRequire(import.meta.url);
/** A class (a constructor), as the metadata storages key them. */
export type AnyClass = abstract new (...args: never[]) => unknown;
type TransformFn = (params: { value: unknown; key: string; obj: unknown; type: TransformationType; options: unknown }) => unknown;
interface TransformerMetadataStorage {
  findTypeMetadata(target: AnyClass, propertyName: string): { typeFunction?: (options?: unknown) => AnyClass; options?: { discriminator?: unknown } } | undefined;
  findTransformMetadatas(
    target: AnyClass,
    propertyName: string,
    type: TransformationType,
  ): { transformFn: TransformFn; options?: { groups?: string[]; since?: number; until?: number } }[];
  getExposedMetadatas(target: AnyClass): unknown[];
  getExcludedMetadatas(target: AnyClass): unknown[];
  getStrategy(target: AnyClass): string;
}
const transformerStorage = (require('class-transformer/cjs/storage.js') as { defaultMetadataStorage: TransformerMetadataStorage }).defaultMetadataStorage;

type Constructor = new () => object;
type Condition = (object: object, value: unknown) => boolean;

interface Check {
  validate: (value: unknown, args: ValidationArguments) => unknown;
  constraints: unknown[];
  each: boolean;
  validateIf?: Condition;
  property: string;
}

/** One validated property: ValidateIf conditions, constraints (IsDefined first), nested validation. */
interface ValidatedProperty {
  name: string;
  conditions: Condition[];
  checks: Check[];
  nested: boolean;
}

/** One property class-transformer does something with: @Type's class, @Transform functions. */
interface TransformedProperty {
  type?: Constructor;
  transforms: TransformFn[];
}

interface CompiledClass {
  cls: Constructor;
  validated: ValidatedProperty[];
  validatedNames: Set<string>;
  transformed: Map<string, TransformedProperty>;
}

/** The compiled check's answer. `undecided`: outside what it follows; class-validator decides. */
export type CompiledVerdict<T> = { valid: true; value: T } | { valid: false; fields: string[] } | { valid: undefined };

/** class-transformer's options as the ValidationPipe passes them (validation.pipe.ts). */
const TRANSFORM_OPTIONS = { enableImplicitConversion: false };
/** Thrown (one shared instance, no stack trace to capture) when the input leaves what the compiler follows. */
const UNDECIDED = Object.freeze({ undecided: true });

const compiledClasses = new Map<AnyClass, CompiledClass>();

function isPrimitive(value: unknown): boolean {
  return value === null || (typeof value !== 'object' && typeof value !== 'function');
}

/** Prototypes of plain records known good: fast-querystring's (Fastify's query strings) has no properties and no prototype. */
const recordPrototypes = new WeakSet<object>();

/** A JSON object or a parsed query string: no prototype, Object's, or an empty one without a prototype. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as object | null;
  if (proto === Object.prototype || proto === null || recordPrototypes.has(proto)) return true;
  if (Object.getPrototypeOf(proto) === null && Reflect.ownKeys(proto).length === 0 && Object.isExtensible(proto)) {
    recordPrototypes.add(proto);
    return true;
  }
  return false;
}

function unsupported(cls: AnyClass, what: string): never {
  throw new Error(`compileDto(${cls.name}): ${what} is not supported by the compiled validation (common/validation/compiled/)`);
}

function compileClass(cls: Constructor): CompiledClass {
  const known = compiledClasses.get(cls);
  if (known) return known;
  const storage = getMetadataStorage();
  // The same lookup ValidationExecutor makes for the top-level object (no schema, no groups, always false).
  const metadatas = storage.getTargetValidationMetadatas(cls, undefined as unknown as string, false, false, undefined);
  if (metadatas.length === 0) unsupported(cls, 'a class without validation decorators');
  const compiled: CompiledClass = { cls, validated: [], validatedNames: new Set(), transformed: new Map() };
  compiledClasses.set(cls, compiled);
  if (Object.getOwnPropertyNames(cls.prototype).some((name) => name !== 'constructor')) unsupported(cls, 'a method or accessor');
  if (transformerStorage.getExposedMetadatas(cls).length > 0 || transformerStorage.getExcludedMetadatas(cls).length > 0) unsupported(cls, '@Expose/@Exclude');
  if (transformerStorage.getStrategy(cls) !== 'none') unsupported(cls, 'a class-transformer strategy');

  const byProperty = new Map<string, ValidatedProperty>();
  for (const metadata of metadatas) {
    if ((metadata.groups && metadata.groups.length > 0) || metadata.always !== undefined) unsupported(cls, `groups or always on ${metadata.propertyName}`);
    let property = byProperty.get(metadata.propertyName);
    if (!property) {
      property = { name: metadata.propertyName, conditions: [], checks: [], nested: false };
      byProperty.set(metadata.propertyName, property);
    }
    switch (metadata.type) {
      case ValidationTypes.CONDITIONAL_VALIDATION:
        property.conditions.push(metadata.constraints[0] as Condition);
        break;
      case ValidationTypes.NESTED_VALIDATION:
        property.nested = true;
        break;
      case ValidationTypes.IS_DEFINED:
      case ValidationTypes.CUSTOM_VALIDATION:
        for (const constraint of storage.getTargetValidatorConstraints(metadata.constraintCls)) {
          if (constraint.async) unsupported(cls, `the async validator ${constraint.name}`);
          const instance = constraint.instance;
          const check: Check = {
            validate: instance.validate.bind(instance) as Check['validate'],
            constraints: metadata.constraints,
            each: metadata.each === true,
            validateIf: metadata.validateIf,
            property: metadata.propertyName,
          };
          // IsDefined runs before the others in class-validator; the verdict does not depend on the order.
          if (metadata.type === ValidationTypes.IS_DEFINED) property.checks.unshift(check);
          else property.checks.push(check);
        }
        break;
      default:
        unsupported(cls, `the ${metadata.type} decorator on ${metadata.propertyName}`);
    }
  }
  compiled.validated = [...byProperty.values()];
  compiled.validatedNames = new Set(byProperty.keys());

  // class-transformer's side: every property it may see is one of the validated ones (any other is
  // refused by forbidNonWhitelisted before its value matters).
  for (const name of compiled.validatedNames) {
    const typeMetadata = transformerStorage.findTypeMetadata(cls, name);
    const transforms = transformerStorage.findTransformMetadatas(cls, name, TransformationType.PLAIN_TO_CLASS);
    if (transforms.some((t) => t.options && (t.options.groups?.length || t.options.since !== undefined || t.options.until !== undefined))) {
      unsupported(cls, `@Transform options on ${name}`);
    }
    if (!typeMetadata && transforms.length === 0) continue;
    if (typeMetadata && (!typeMetadata.typeFunction || typeMetadata.options?.discriminator)) unsupported(cls, `@Type without a class on ${name}`);
    const property: TransformedProperty = { transforms: transforms.map((t) => t.transformFn) };
    if (typeMetadata) property.type = typeMetadata.typeFunction!() as Constructor;
    compiled.transformed.set(name, property);
  }
  for (const property of compiled.validated) {
    if (property.nested) {
      const type = compiled.transformed.get(property.name)?.type;
      if (!type) unsupported(cls, `ValidateNested without @Type on ${property.name}`);
      compileClass(type);
    }
  }
  return compiled;
}

/** plainToInstance(cls, plain) as class-transformer does it, for plain JSON values; throws Undecided outside that. */
function toInstance(compiled: CompiledClass, plain: Record<string, unknown>): object {
  const instance = new compiled.cls() as Record<string, unknown>;
  for (const key of Object.keys(plain)) {
    // class-transformer skips these two keys, and any the new instance answers with a function
    // (toString, hasOwnProperty, …: Object.prototype's methods).
    if (key === '__proto__' || key === 'constructor' || instance[key] instanceof Function) continue;
    let value = plain[key];
    const property = compiled.transformed.get(key);
    const type = property?.type;
    if (type) {
      const target = compileClass(type);
      if (Array.isArray(value)) {
        const items: unknown[] = [];
        for (let index = 0; index < value.length; index++) {
          // A sparse array (not JSON's) is left to the ValidationPipe, which closes its gaps.
          if (!(index in value)) throw UNDECIDED;
          const item: unknown = value[index];
          if (isPlainObject(item)) items.push(toInstance(target, item));
          else if (isPrimitive(item)) items.push(item);
          else throw UNDECIDED;
        }
        value = items;
      } else if (isPlainObject(value)) {
        value = toInstance(target, value);
      } else if (!isPrimitive(value)) {
        throw UNDECIDED;
      }
    } else if (!isPrimitive(value)) {
      // class-transformer deep-copies objects and arrays of no known class: left to it.
      throw UNDECIDED;
    }
    if (property) {
      for (const transform of property.transforms) {
        value = transform({ value, key, obj: plain, type: TransformationType.PLAIN_TO_CLASS, options: TRANSFORM_OPTIONS });
      }
    }
    instance[key] = value;
  }
  return instance;
}

const dotted = (parent: string, key: string) => (parent ? `${parent}.${key}` : key);

function passes(check: Check, object: object, value: unknown): boolean {
  if (check.validateIf && !check.validateIf(object, value)) return true;
  const args: ValidationArguments = { targetName: object.constructor?.name, property: check.property, object, value, constraints: check.constraints };
  if (check.each && Array.isArray(value)) {
    let all = true;
    for (const item of value) {
      const result = check.validate(item, args);
      if (result instanceof Promise) throw UNDECIDED;
      if (!result) all = false;
    }
    return all;
  }
  const result = check.validate(value, args);
  if (result instanceof Promise) throw UNDECIDED;
  return Boolean(result);
}

/** ValidationExecutor.execute's verdict on one instance, as the names of the failing fields. */
function validateInstance(compiled: CompiledClass, object: Record<string, unknown>, path: string, fields: string[]): void {
  // whitelist + forbidNonWhitelisted
  for (const key of Object.keys(object)) if (!compiled.validatedNames.has(key)) fields.push(dotted(path, key));
  for (const property of compiled.validated) {
    const value = object[property.name];
    let conditionsHold = true;
    for (const condition of property.conditions) if (!condition(object, value)) conditionsHold = false;
    if (!conditionsHold) continue;
    const field = dotted(path, property.name);
    let failed = false;
    for (const check of property.checks) if (!passes(check, object, value)) failed = true;
    if (failed) fields.push(field);
    if (property.nested && value !== undefined) validateNested(value, field, fields);
  }
}

/** ValidationExecutor.nestedValidations: arrays item by item, objects by their own class. */
function validateNested(value: unknown, field: string, fields: string[]): void {
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      if (item !== undefined) validateNested(item, dotted(field, String(index)), fields);
    });
  } else if (value instanceof Object) {
    const compiled = compiledClasses.get(value.constructor as AnyClass);
    if (!compiled || compiled.cls !== value.constructor) throw UNDECIDED;
    validateInstance(compiled, value as Record<string, unknown>, field, fields);
  } else {
    fields.push(field);
  }
}

/**
 * The compiled check of `cls`: what ValidationPipe (whitelist, forbidNonWhitelisted,
 * forbidUnknownValues, transform, no implicit conversion) would answer for `value`, without its
 * messages. Throws at once when the DTO uses what the compiler does not follow.
 */
export function compileDto<T extends object>(cls: new () => T): (value: unknown) => CompiledVerdict<T> {
  const compiled = compileClass(cls);
  return (value: unknown): CompiledVerdict<T> => {
    if (!isPlainObject(value)) return { valid: undefined };
    try {
      const instance = toInstance(compiled, value) as Record<string, unknown>;
      const fields: string[] = [];
      validateInstance(compiled, instance, '', fields);
      return fields.length === 0 ? { valid: true, value: instance as T } : { valid: false, fields };
    } catch (error) {
      if (error === UNDECIDED) return { valid: undefined };
      throw error;
    }
  };
}
