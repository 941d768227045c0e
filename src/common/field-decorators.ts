import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
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

/** A set of values of a fixed list: order and repeats are ignored (the engine sorts and de-duplicates). */
export const EnumSetField = (values: readonly string[], o: FieldOptions) => applyDecorators(...optional(o), IsArray(), IsIn(values as string[], { each: true }), doc(o, { enum: values, isArray: true }));

export const BooleanField = (o: FieldOptions) => applyDecorators(...optional(o), IsBoolean(), doc(o, { type: Boolean }));

export const PositiveIntField = (o: FieldOptions & { min?: number }) => applyDecorators(...optional(o), IsInt(), Min(o.min ?? 1), doc(o, { type: 'integer', minimum: o.min ?? 1 }));

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
