import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayUnique, IsArray, IsBoolean, IsIn, IsInt, IsOptional, Min } from 'class-validator';

interface FieldOptions {
  description: string;
  optional?: boolean;
  example?: unknown;
  default?: unknown;
}

const doc = (o: FieldOptions, extra: Record<string, unknown>) =>
  o.optional
    ? ApiPropertyOptional({ description: o.description, example: o.example, default: o.default, ...extra })
    : ApiProperty({ description: o.description, example: o.example, ...extra });
const optional = (o: FieldOptions) => (o.optional ? [IsOptional()] : []);

/** One value of a fixed list; the error names the allowed values. */
export const EnumField = (values: readonly string[], o: FieldOptions) =>
  applyDecorators(...optional(o), IsIn(values as string[]), doc(o, { enum: values }));

/** A set of values of a fixed list (order ignored, no repeats). */
export const EnumSetField = (values: readonly string[], o: FieldOptions) =>
  applyDecorators(...optional(o), IsArray(), ArrayUnique(), IsIn(values as string[], { each: true }), doc(o, { enum: values, isArray: true }));

export const BooleanField = (o: FieldOptions) => applyDecorators(...optional(o), IsBoolean(), doc(o, { type: Boolean }));

export const PositiveIntField = (o: FieldOptions & { min?: number }) =>
  applyDecorators(...optional(o), IsInt(), Min(o.min ?? 1), doc(o, { type: 'integer', minimum: o.min ?? 1 }));
