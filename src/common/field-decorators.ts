import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsIn, IsInt, IsOptional, Matches, Max, Min, ValidateBy } from 'class-validator';
import { MATRIX_VERSION_PATTERN } from '../engine/index.js';

interface FieldOptions {
  description: string;
  optional?: boolean;
  example?: unknown;
  default?: unknown;
}

const doc = (o: FieldOptions, extra: Record<string, unknown>) =>
  o.optional ? ApiPropertyOptional({ description: o.description, example: o.example, default: o.default, ...extra }) : ApiProperty({ description: o.description, example: o.example, ...extra });
const optional = (o: FieldOptions) => (o.optional ? [IsOptional()] : []);

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

/** Every number has a ceiling: beyond it the estimates would be fiction (2^53 instances, 10^27 hosts). */
export const PositiveIntField = (o: FieldOptions & { min?: number; max: number }) => applyDecorators(...optional(o), IsInt(), Min(o.min ?? 1), Max(o.max), doc(o, { type: 'integer', minimum: o.min ?? 1, maximum: o.max }));

/** Printable text: no control characters (NUL, escapes, newlines) and no lone UTF-16 surrogates. */
export const PRINTABLE_TEXT = /^[^\p{Cc}\p{Cs}]*$/u;

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
