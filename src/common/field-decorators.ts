import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiSchema, type ApiSchemaOptions } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsPositive, IsString, Matches, Max, Min, ValidateBy, ValidateIf, type ValidationOptions } from 'class-validator';
import { MATRIX_VERSION_PATTERN } from '../engine/index.js';

interface FieldOptions {
  description: string;
  optional?: boolean;
  example?: unknown;
  default?: unknown;
}

const doc = (o: FieldOptions, extra: Record<string, unknown>) =>
  o.optional ? ApiPropertyOptional({ description: o.description, example: o.example, default: o.default, ...extra }) : ApiProperty({ description: o.description, example: o.example, ...extra });
/**
 * An optional body field may be left out, not sent as null: the schema has no nullable
 * field, and the engine refuses null. IsOptional would let null through to the engine.
 */
export const AbsentOr = () => ValidateIf((_object: unknown, value: unknown) => value !== undefined);
const optional = (o: FieldOptions) => (o.optional ? [AbsentOr()] : []);

/**
 * Unknown fields are refused (the validation pipe's forbidNonWhitelisted), and the schema says so.
 * Nest's swagger module spreads every option of @ApiSchema into the schema, though it types only name and description.
 */
export const ClosedSchema = () => ApiSchema({ additionalProperties: false } as ApiSchemaOptions);

/**
 * ValidateNested walks an array found where an object belongs and lets it through item by item;
 * the schema's type: object refuses it, and so does this. Primitives already fail ValidateNested.
 */
export const NotAnArray = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'notAnArray',
      validator: {
        validate: (value: unknown) => !Array.isArray(value),
        defaultMessage: (args) => `${args?.property ?? 'value'} must ${options?.each ? 'hold objects, not arrays' : 'be an object, not an array'}`,
      },
    },
    options,
  );

const isObjectItem = (item: unknown) => item !== null && typeof item === 'object' && !Array.isArray(item);

/**
 * Every item of an array is an object (not an array, null or a primitive). The message lists
 * the offending indexes, which flattenValidationErrors turns into one problem per item
 * (`workloads[1] must be an object`), as class-validator itself reports only the array.
 */
export const OBJECT_ITEMS_RULE = 'objectItems';
export const ObjectItems = () =>
  ValidateBy({
    name: OBJECT_ITEMS_RULE,
    validator: {
      validate: (value: unknown) => !Array.isArray(value) || value.every(isObjectItem),
      defaultMessage: (args) => ((args?.value as unknown[] | undefined) ?? []).flatMap((item, i) => (isObjectItem(item) ? [] : [i])).join(','),
    },
  });

/** One value of a fixed list; the error names the allowed values. */
export const EnumField = (values: readonly string[], o: FieldOptions) => applyDecorators(...optional(o), IsIn(values as string[]), doc(o, { enum: values }));

/** Repeats are allowed (the engine de-duplicates), but not without end: a set field holds at most this many items. */
export const MAX_SET_ITEMS = 100;

/**
 * A set of values of a fixed list: order and repeats are ignored (the engine sorts and
 * de-duplicates). The length is checked before any item, so a 100,000-item array costs nothing.
 */
export const EnumSetField = (values: readonly string[], o: FieldOptions) =>
  applyDecorators(
    ...optional(o),
    IsArray(),
    ValidateBy({
      name: 'enumSet',
      validator: {
        validate: (value: unknown) => Array.isArray(value) && value.length <= MAX_SET_ITEMS && value.every((v) => typeof v === 'string' && values.includes(v)),
        defaultMessage: (args) => `${args?.property ?? 'value'} must be an array of at most ${MAX_SET_ITEMS} of: ${values.join(', ')}`,
      },
    }),
    doc(o, { enum: values, isArray: true, maxItems: MAX_SET_ITEMS }),
  );

export const BooleanField = (o: FieldOptions) => applyDecorators(...optional(o), IsBoolean(), doc(o, { type: Boolean }));

/**
 * At least the value of a sibling field. JSON Schema has no keyword for that, so the schema carries it
 * as the extension x-minimum-field, which the compiled body validator implements.
 */
const atLeastField = (field: string, message: string) =>
  ValidateBy({
    name: 'atLeastField',
    constraints: [field],
    validator: {
      validate: (value: unknown, args) => {
        const other = (args?.object as Record<string, unknown> | undefined)?.[field];
        return typeof value !== 'number' || typeof other !== 'number' || value >= other;
      },
      defaultMessage: () => message,
    },
  });

/** Every number has a ceiling: beyond it the estimates would be fiction (2^53 instances, 10^27 hosts). */
export const PositiveIntField = (o: FieldOptions & { min?: number; max: number; atLeast?: { field: string; message: string } }) =>
  applyDecorators(
    ...optional(o),
    IsInt(),
    Min(o.min ?? 1),
    Max(o.max),
    ...(o.atLeast ? [atLeastField(o.atLeast.field, o.atLeast.message)] : []),
    doc(o, { type: 'integer', minimum: o.min ?? 1, maximum: o.max, ...(o.atLeast && { 'x-minimum-field': o.atLeast.field }) }),
  );

/** A finite number above zero, with a ceiling. */
export const PositiveNumberField = (o: FieldOptions & { max: number }) =>
  applyDecorators(...optional(o), IsNumber({ allowNaN: false, allowInfinity: false }), IsPositive(), Max(o.max), doc(o, { type: 'number', minimum: 0, exclusiveMinimum: true, maximum: o.max }));

/** Printable text: no control characters (NUL, escapes, newlines) and no lone UTF-16 surrogates. */
export const PRINTABLE_TEXT = /^[^\p{Cc}\p{Cs}]*$/u;

/**
 * A length in characters as JSON Schema (and the engine's schema) count them: code points. class-validator's
 * Length leaves out emoji variation selectors, so it let through names the schema and the engine refuse.
 * The messages are Length's.
 */
const codePointLength = (min: number, max: number) =>
  ValidateBy({
    name: 'isLength',
    constraints: [min, max],
    validator: {
      validate: (value: unknown) => typeof value === 'string' && [...value].length >= min && [...value].length <= max,
      defaultMessage: (args) => {
        const property = args?.property ?? 'value';
        const value: unknown = args?.value;
        const length = (typeof value === 'string' ? [...value].length : (value as { length?: unknown } | null | undefined)?.length) as number;
        if (!value || length < min) return `${property} must be longer than or equal to ${min} characters`;
        if (length > max) return `${property} must be shorter than or equal to ${max} characters`;
        return `${property} must be longer than or equal to ${min} and shorter than or equal to ${max} characters`;
      },
    },
  });

/** Printable text of a bounded length. */
export const TextField = (o: FieldOptions & { minLength: number; maxLength: number; patternMessage: string }) =>
  applyDecorators(
    ...optional(o),
    Matches(PRINTABLE_TEXT, { message: o.patternMessage }),
    codePointLength(o.minLength, o.maxLength),
    IsString(),
    doc(o, { type: String, minLength: o.minLength, maxLength: o.maxLength, pattern: PRINTABLE_TEXT.source }),
  );

/** An optional matrix version in a query string, with the version naming rule. */
export const MatrixVersionQueryField = (name: string, description: string) =>
  applyDecorators(ApiPropertyOptional({ description: `${description} For example 2026.1.` }), IsOptional(), Matches(MATRIX_VERSION_PATTERN, { message: `${name} must be 1-64 letters, digits, dots, dashes or underscores` }));

/** Page size of a cursor-paged list. */
export const PageLimitField = (max: number, fallback: number) =>
  applyDecorators(
    ApiPropertyOptional({ minimum: 1, maximum: max, default: fallback }),
    IsOptional(),
    Type(() => Number),
    IsInt(),
    Min(1),
    Max(max),
  );

/** The opaque cursor of a paged list: the last id of the previous page. */
export const CursorField = () => applyDecorators(ApiPropertyOptional({ description: 'nextCursor from the previous page' }), IsOptional(), Matches(/^[0-9a-f-]{36}$/, { message: 'cursor must be a nextCursor value from a previous page' }));
