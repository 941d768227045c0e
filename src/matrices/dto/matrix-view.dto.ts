import { ApiProperty } from '@nestjs/swagger';
import { DIFF_SECTIONS } from '../../engine/index.js';
import type { MatrixVersion } from '../matrix-version.entity.js';

export class MatrixViewDto {
  @ApiProperty({ example: '2026.1' }) version!: string;
  @ApiProperty({ enum: ['draft', 'published', 'deprecated'] }) status!: string;
  @ApiProperty({ description: 'sha256 of the canonical JSON of the document' }) checksum!: string;
  @ApiProperty({ description: 'The default for new evaluations' }) active!: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) publishedAt!: string | null;
  @ApiProperty({ description: 'Name of the key that created it' }) createdBy!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The matrix exactly as it would be posted to create a new version' })
  document!: Record<string, unknown>;
}

export class MatrixSummaryDto {
  @ApiProperty() version!: string;
  @ApiProperty({ enum: ['draft', 'published', 'deprecated'] }) status!: string;
  @ApiProperty() checksum!: string;
  @ApiProperty() active!: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) publishedAt!: string | null;
}

/**
 * Any JSON value: a changed field or item is a string, a number, a boolean, an array or an object.
 * Nest's swagger module has no 'any' type, and without one it would write `type: object`, which a
 * generated client reads as an object with no properties; so the schema lists every JSON type.
 */
const anyJson = (description: string) =>
  ApiProperty({
    required: false,
    description,
    type: undefined,
    oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }, { type: 'array', items: {} }, { type: 'object', additionalProperties: true }],
  });

class FieldChangeDto {
  @ApiProperty({ example: 'ratings.container' }) path!: string;
  @anyJson('Old value (absent when added)') before?: unknown;
  @anyJson('New value (absent when removed)') after?: unknown;
}

class MatrixChangeDto {
  @ApiProperty({ enum: DIFF_SECTIONS }) section!: string;
  @ApiProperty({ description: 'Item id, option, or field name' }) id!: string;
  @ApiProperty({ enum: ['added', 'removed', 'changed'] }) change!: string;
  @anyJson('The whole item or value before (absent when added)') before?: unknown;
  @anyJson('The whole item or value after (absent when removed)') after?: unknown;
  @ApiProperty({ type: [FieldChangeDto], required: false }) fields?: FieldChangeDto[];
}

export class MatrixDiffDto {
  @ApiProperty() from!: string;
  @ApiProperty() to!: string;
  @ApiProperty({ description: 'True when nothing but the version name differs' }) identical!: boolean;
  @ApiProperty({ type: [MatrixChangeDto] }) changes!: MatrixChangeDto[];
  @ApiProperty({ description: 'Readable summary, one line per section' }) summary!: string;
}

export class MatrixListDto {
  @ApiProperty({ type: [MatrixSummaryDto] }) items!: MatrixSummaryDto[];
}

export function toMatrixView(row: MatrixVersion): MatrixViewDto {
  const { version, status, checksum, active, createdAt, updatedAt, publishedAt, createdBy, document } = row;
  return { version, status, checksum, active, createdAt, updatedAt, publishedAt, createdBy, document: document };
}

export function toMatrixSummary(row: MatrixVersion): MatrixSummaryDto {
  const { version, status, checksum, active, createdAt, updatedAt, publishedAt } = row;
  return { version, status, checksum, active, createdAt, updatedAt, publishedAt };
}
