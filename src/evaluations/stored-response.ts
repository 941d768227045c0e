import { constants, zstdCompressSync, zstdDecompressSync } from 'node:zlib';
import type { Workload } from '../engine/index.js';
import { RESPONSE_DICTIONARY_1 } from './response-dictionary-1.js';

/**
 * Stored answers give back the exact bytes the caller was sent. The body's first byte names
 * its format, so old rows stay readable when a new one is added:
 *   1: the whole answer, Zstandard (level 3) with preset dictionary 1.
 *   2: only the evaluation part, as segments (below); the opening fields (id, createdAt,
 *      workload) are the row's own columns, so they are not stored twice.
 * Format 2 exists because compressing every answer was a fifth of the stored path's CPU
 * (node:zlib loads the dictionary again on every one-shot call). An evaluation's JSON is
 * the same for every caller who asks about the same attributes, apart from the name in its
 * summary; its compressed pieces are made once per remembered answer and copied into each
 * record, and only the name is stored as it is.
 */
const FORMAT_ZSTD_DICTIONARY_1 = 1;
const FORMAT_SEGMENTS = 2;
/** Segment kinds of format 2: bytes as they are, or a Zstandard frame made with dictionary 1. */
const RAW = 0;
const ZSTD_DICTIONARY_1 = 1;
/** Below this a piece is stored as it is: compressing a name saves nothing and costs a dictionary load. */
const SMALLEST_PACKED_PIECE = 64;
const SEGMENT_HEADER = 5;

const DICTIONARY_1 = Buffer.from(RESPONSE_DICTIONARY_1, 'latin1');
const OPTIONS = { dictionary: DICTIONARY_1, params: { [constants.ZSTD_c_compressionLevel]: 3 } };

/** The columns a stored answer is rebuilt from, `workload` as the JSON text stored in the row. */
export interface StoredAnswerRow {
  id: string;
  createdAt: string;
  workload: string;
  body: Uint8Array;
}

const head = (stored: { id: string; createdAt: string } | undefined, workloadJson: string) =>
  stored ? `{"id":${JSON.stringify(stored.id)},"createdAt":${JSON.stringify(stored.createdAt)},"workload":${workloadJson},` : `{"workload":${workloadJson},`;

/**
 * The UTF-8 JSON of `{ id, createdAt, workload, ...evaluation }`, byte for byte what
 * JSON.stringify gives, from the evaluation's JSON in pieces (as an evaluation memo keeps it).
 */
export function answerBytes(stored: { id: string; createdAt: string } | undefined, workload: Workload, evaluation: readonly Uint8Array[]): Buffer {
  // The evaluation's own opening brace gives way to the fields in front of it.
  return Buffer.concat([Buffer.from(head(stored, JSON.stringify(workload))), evaluation[0].subarray(1), ...evaluation.slice(1)]);
}

/** Compressed pieces by the piece they were made from: a memo's pieces are shared, so each is compressed once while it is remembered. */
const compressedPieces = new WeakMap<Uint8Array, Buffer>();

function segment(kind: number, payload: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(SEGMENT_HEADER + payload.length);
  out[0] = kind;
  out.writeUInt32LE(payload.length, 1);
  out.set(payload, SEGMENT_HEADER);
  return out;
}

/**
 * The body (format 2) of a record whose answer is `answerBytes(stored, workload, evaluation)`:
 * the evaluation's pieces without its opening brace, the long ones compressed.
 */
export function packEvaluation(evaluation: readonly Uint8Array[]): Buffer {
  const segments = evaluation.map((piece, i) => {
    const bytes = i === 0 ? piece.subarray(1) : piece;
    if (bytes.length < SMALLEST_PACKED_PIECE) return segment(RAW, bytes);
    let packed = compressedPieces.get(piece);
    if (!packed) {
      packed = segment(ZSTD_DICTIONARY_1, zstdCompressSync(bytes, OPTIONS));
      compressedPieces.set(piece, packed);
    }
    return packed;
  });
  return Buffer.concat([Buffer.of(FORMAT_SEGMENTS), ...segments]);
}

/** Format 1: packs a whole answer. Records are written in format 2; this stays for the migration that packed the records of before. */
export function packResponse(json: string | Buffer): Buffer {
  const packed = zstdCompressSync(json, OPTIONS);
  const out = Buffer.allocUnsafe(packed.length + 1);
  out[0] = FORMAT_ZSTD_DICTIONARY_1;
  packed.copy(out, 1);
  return out;
}

/**
 * Decompressed segments by their compressed bytes. Records that got the same remembered answer
 * hold byte-identical segments, so reads of a workload's records, list pages and impact
 * analysis decompress each once instead of once per record (each call loads the dictionary).
 */
const SEGMENT_CACHE_ENTRIES = 512;
const decompressedSegments = new Map<string, Buffer>();

function decompressSegment(payload: Buffer): Buffer {
  const key = payload.toString('latin1');
  let bytes = decompressedSegments.get(key);
  if (bytes) {
    decompressedSegments.delete(key);
  } else {
    bytes = zstdDecompressSync(payload, { dictionary: DICTIONARY_1 });
    if (decompressedSegments.size >= SEGMENT_CACHE_ENTRIES) decompressedSegments.delete(decompressedSegments.keys().next().value!);
  }
  decompressedSegments.set(key, bytes);
  return bytes;
}

const asBuffer = (body: Uint8Array) => (Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength));

/** The bytes (UTF-8 JSON) a stored record was answered with. */
export function unpackAnswer(row: StoredAnswerRow): Buffer {
  const bytes = asBuffer(row.body);
  if (bytes[0] === FORMAT_ZSTD_DICTIONARY_1) return zstdDecompressSync(bytes.subarray(1), { dictionary: DICTIONARY_1 });
  if (bytes[0] !== FORMAT_SEGMENTS) throw new Error(`Stored answer of ${row.id} has unknown format ${bytes[0]}.`);
  const parts: Buffer[] = [Buffer.from(head(row, row.workload))];
  for (let at = 1; at < bytes.length;) {
    if (at + SEGMENT_HEADER > bytes.length) throw new Error(`Stored answer of ${row.id} is cut short.`);
    const kind = bytes[at];
    const end = at + SEGMENT_HEADER + bytes.readUInt32LE(at + 1);
    if (end > bytes.length) throw new Error(`Stored answer of ${row.id} is cut short.`);
    const payload = bytes.subarray(at + SEGMENT_HEADER, end);
    if (kind === RAW) parts.push(payload);
    else if (kind === ZSTD_DICTIONARY_1) parts.push(decompressSegment(payload));
    else throw new Error(`Stored answer of ${row.id} has a segment of unknown kind ${kind}.`);
    at = end;
  }
  return Buffer.concat(parts);
}

/**
 * A Node.js without Zstandard dictionaries (added in the 24 line) would ignore the option
 * and store answers no other instance could read: refuse to start instead.
 */
export function assertDictionaryCompression(): void {
  const sample = RESPONSE_DICTIONARY_1.slice(-4096);
  if (typeof zstdCompressSync !== 'function' || packResponse(sample).length > zstdCompressSync(sample).length / 4) {
    throw new Error('This Node.js cannot compress with a Zstandard dictionary; run the service on Node.js 24.6 or later.');
  }
}
