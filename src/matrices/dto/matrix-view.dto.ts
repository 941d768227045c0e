import { ApiProperty } from '@nestjs/swagger';
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

export class MatrixListDto {
  @ApiProperty({ type: [MatrixSummaryDto] }) items!: MatrixSummaryDto[];
}

export function toMatrixView(row: MatrixVersion): MatrixViewDto {
  const { version, status, checksum, active, createdAt, updatedAt, publishedAt, createdBy, document } = row;
  return { version, status, checksum, active, createdAt, updatedAt, publishedAt, createdBy, document: document as unknown as Record<string, unknown> };
}

export function toMatrixSummary(row: MatrixVersion): MatrixSummaryDto {
  const { version, status, checksum, active, createdAt, updatedAt, publishedAt } = row;
  return { version, status, checksum, active, createdAt, updatedAt, publishedAt };
}
