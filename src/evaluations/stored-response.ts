import { createHash } from 'node:crypto';
import { constants, zstdCompressSync, zstdDecompressSync } from 'node:zlib';
import type { Workload } from '../engine/index.js';
import { RESPONSE_DICTIONARY_1 } from './response-dictionary-1.js';

/**
 * Stored answers give back the exact bytes the caller was sent. The body's first byte names
 * its format, so old rows stay readable when a new one is added:
 *   1: the whole answer, Zstandard (level 3) with preset dictionary 1.
 *   2: only the evaluation part, as segments (below); the opening fields (id, createdAt,
 *      workload) are the row's own columns, so they are not stored twice.
 *   3: nothing but the format byte: the evaluation part is the row's answer template (a row
 *      of answer_templates, named by the answer_template column) with the row's workload name
 *      put in its slot. A template's body is one segment: the text before the name, a NUL,
 *      and the text after it (templates written before 2026-11-27 hold the two texts as two
 *      segments, and still read).
 * Compressing every answer was a fifth of the stored path's CPU (node:zlib loads the
 * dictionary again on every one-shot call), and an evaluation's JSON is the same for every
 * caller who asks about the same attributes apart from the name in its summary. So an
 * evaluation remembered by the engine's memo is stored once, as a template, and each record
 * of it names the template (format 3); any other is stored in format 2.
 */
const FORMAT_ZSTD_DICTIONARY_1 = 1;
const FORMAT_SEGMENTS = 2;
const FORMAT_TEMPLATE = 3;
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
  workloadName: string;
  /** The answer template's id, for format 3. */
  answerTemplate: string | null;
  body: Uint8Array;
}

/** An evaluation's JSON without its opening brace, split where the workload's name goes (JSON-escaped, without quotes). */
export interface AnswerTemplate {
  id: string;
  before: Buffer;
  after: Buffer;
}

/** An answer template as stored: its id (a hash of its text) and its pieces, compressed (segments). */
export interface PackedTemplate {
  id: string;
  body: Buffer;
}

/** What a record stores of its answer: its body, and the template it names, if any. */
export interface PackedAnswer {
  body: Buffer;
  template?: PackedTemplate;
}

/**
 * The pieces' bytes in a store of their own. On Node 24 buffers under 32 KB are cut from
 * shared 64 KB pool slabs, and zstd's output from the 64 KB chunk it wrote to: a buffer kept
 * in a cache pins its whole slab, and one posted to the writer thread is copied with its whole
 * slab (a batch of 400 new answers posted 20 MB in 319 slabs, 80-90 ms).
 */
function owned(...pieces: readonly Uint8Array[]): Buffer {
  let length = 0;
  for (const piece of pieces) length += piece.byteLength;
  const out = Buffer.allocUnsafeSlow(length);
  let at = 0;
  for (const piece of pieces) {
    out.set(piece, at);
    at += piece.byteLength;
  }
  return out;
}

/** A view of the bytes as a Buffer, without copying (drivers and workers hand back plain Uint8Arrays). */
const asBuffer = (body: Uint8Array) => (Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength));

/** The piece itself when it has a store of its own (an evaluation memo's pieces do), else a copy into one: never a view that pins a shared slab. */
const ownedView = (piece: Uint8Array): Buffer => (piece.byteOffset === 0 && piece.byteLength === piece.buffer.byteLength ? asBuffer(piece) : owned(piece));

const head = (stored: { id: string; createdAt: string } | undefined, workloadJson: string) =>
  stored ? `{"id":${JSON.stringify(stored.id)},"createdAt":${JSON.stringify(stored.createdAt)},"workload":${workloadJson},` : `{"workload":${workloadJson},`;

/**
 * The UTF-8 JSON of `{ id, createdAt, workload, ...evaluation }`, byte for byte what
 * JSON.stringify gives, from the evaluation's JSON in pieces (as an evaluation memo keeps it).
 */
export function answerBytes(stored: { id: string; createdAt: string } | undefined, workload: Workload, evaluation: readonly Uint8Array[]): Buffer {
  return Buffer.concat(answerPieces(stored, JSON.stringify(workload), evaluation));
}

/** `answerBytes` as pieces to write one after another, from the workload's JSON (which the record's column holds too). */
export function answerPieces(stored: { id: string; createdAt: string } | undefined, workloadJson: string, evaluation: readonly Uint8Array[]): Uint8Array[] {
  // The evaluation's own opening brace gives way to the fields in front of it.
  return [Buffer.from(head(stored, workloadJson)), evaluation[0].subarray(1), ...evaluation.slice(1)];
}

/**
 * Compressed pieces by the piece they were made from: a memo's pieces are shared, so each is
 * compressed once while it is remembered. The length tells a first piece (stored without its
 * brace) from the same piece used elsewhere.
 */
const compressedPieces = new WeakMap<Uint8Array, { length: number; packed: Buffer }>();

function segment(kind: number, payload: Uint8Array): Buffer {
  const out = Buffer.allocUnsafeSlow(SEGMENT_HEADER + payload.length);
  out[0] = kind;
  out.writeUInt32LE(payload.length, 1);
  out.set(payload, SEGMENT_HEADER);
  return out;
}

function compressed(piece: Uint8Array, bytes: Uint8Array): Buffer {
  const known = compressedPieces.get(piece);
  if (known?.length === bytes.length) return known.packed;
  const packed = segment(ZSTD_DICTIONARY_1, zstdCompressSync(bytes, OPTIONS));
  compressedPieces.set(piece, { length: bytes.length, packed });
  return packed;
}

/** Templates by the memo piece they start with (and the piece they end with): each is hashed and packed once while it is remembered. */
const packedTemplates = new WeakMap<Uint8Array, { after: Uint8Array; template: PackedTemplate }>();
const FORMAT_TEMPLATE_BODY = owned(Uint8Array.of(FORMAT_TEMPLATE));

/**
 * What a record stores of the answer `answerBytes(stored, workload, evaluation)`. An evaluation
 * in three pieces whose middle one is the workload's name (as an evaluation memo hands it out)
 * becomes a template and a one-byte body (format 3); any other is stored whole in format 2.
 */
export function packEvaluation(evaluation: readonly Uint8Array[], workloadName: string): PackedAnswer {
  // Compared through a view of the piece: Buffer.from would copy it on every stored request.
  if (evaluation.length === 3 && asBuffer(evaluation[1]).equals(Buffer.from(escapedName(workloadName)))) {
    const known = packedTemplates.get(evaluation[0]);
    let template = known?.after === evaluation[2] ? known.template : undefined;
    // A template's text is split at its first NUL when read, so a first piece holding one (JSON never does) is stored whole.
    if (!template && evaluation[0].indexOf(0) < 0) {
      // One segment, so one compression now and one decompression per cold read, each of which
      // loads the dictionary again (zstd alone, per template: two segments 109 µs to pack and 63 to read; one, 67 and 28).
      const text = Buffer.concat([evaluation[0].subarray(1), PIECE_SEPARATOR, evaluation[2]]);
      template = { id: templateId(text), body: segment(ZSTD_DICTIONARY_1, zstdCompressSync(text, OPTIONS)) };
      packedTemplates.set(evaluation[0], { after: evaluation[2], template });
      // What was just written is what is read next. The cache keeps the memo's own pieces
      // rather than a copy, so an answer the memo also remembers is held once.
      remember({ id: template.id, before: ownedView(evaluation[0]).subarray(1), after: ownedView(evaluation[2]) });
    }
    if (template) return { body: FORMAT_TEMPLATE_BODY, template };
  }
  const segments = evaluation.map((piece, i) => {
    const bytes = i === 0 ? piece.subarray(1) : piece;
    return bytes.length < SMALLEST_PACKED_PIECE ? segment(RAW, bytes) : compressed(piece, bytes);
  });
  return { body: owned(Uint8Array.of(FORMAT_SEGMENTS), ...segments) };
}

/** The name as it appears inside a JSON string. */
const escapedName = (name: string) => JSON.stringify(name).slice(1, -1);

/** A NUL byte cannot appear in JSON text, so it separates the two pieces unambiguously. */
const PIECE_SEPARATOR = Uint8Array.of(0);
/** A template's id: the hash of its text, the pieces either side of the name with the separator between. */
const templateId = (text: Uint8Array) => createHash('sha256').update(text).digest('base64url');

/**
 * Decoded templates by id, least recently used first, within a budget of bytes: the
 * evaluations a portfolio's records share. Sized to hold the working set, since a template
 * read from the database costs a query and two decompressions: with 3,000 distinct
 * evaluations over a million records, a cache of 1,000 served 3,100 gets/s (p99 17 ms) and
 * one holding all of them 6,200/s (p99 7 ms), for 20 MB more memory.
 */
const TEMPLATE_CACHE_BYTES = 48 * 1024 * 1024;
const templates = new Map<string, AnswerTemplate>();
let templateBytes = 0;
const sizeOf = (template: AnswerTemplate) => template.before.length + template.after.length;

function remember(template: AnswerTemplate): AnswerTemplate {
  const known = templates.get(template.id);
  if (known) {
    templates.delete(template.id);
    templateBytes -= sizeOf(known);
  }
  templates.set(template.id, template);
  templateBytes += sizeOf(template);
  for (const [id, oldest] of templates) {
    if (templateBytes <= TEMPLATE_CACHE_BYTES || id === template.id) break;
    templates.delete(id);
    templateBytes -= sizeOf(oldest);
  }
  return template;
}

/** A template decoded before, if still kept. */
export function rememberedTemplate(id: string): AnswerTemplate | undefined {
  const template = templates.get(id);
  return template && remember(template);
}

/** Decodes a template row, checking its bytes against its id. */
export function unpackTemplate(row: PackedTemplate): AnswerTemplate {
  const pieces = decodeSegments(asBuffer(row.body), 0, `template ${row.id}`, decompressToKeep);
  // One segment holding the separator; a template of before 2026-11-27, two segments without it.
  const text = pieces.length === 1 ? pieces[0] : pieces.length === 2 ? owned(pieces[0], PIECE_SEPARATOR, pieces[1]) : undefined;
  const at = text ? text.indexOf(0) : -1;
  if (!text || at < 0 || templateId(text) !== row.id) throw new Error(`Answer template ${row.id} does not match its id.`);
  return remember({ id: row.id, before: text.subarray(0, at), after: text.subarray(at + 1) });
}

/** Format 1: packs a whole answer. Records are written in formats 2 and 3; this stays for the migrations that convert records of before. */
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
    bytes = decompressToKeep(payload);
    if (decompressedSegments.size >= SEGMENT_CACHE_ENTRIES) decompressedSegments.delete(decompressedSegments.keys().next().value!);
  }
  decompressedSegments.set(key, bytes);
  return bytes;
}

/** A segment decompressed for the caches: with 3,000 templates at a million records, views into zstd's chunks were half of the service's RSS. */
function decompressToKeep(payload: Buffer): Buffer {
  const view = zstdDecompressSync(payload, { dictionary: DICTIONARY_1 });
  return view.byteLength === view.buffer.byteLength ? view : owned(view);
}

/** The bytes (UTF-8 JSON) a stored record was answered with; a format 3 record needs its template. */
export function unpackAnswer(row: StoredAnswerRow, template?: AnswerTemplate): Buffer {
  return joinPieces(unpackAnswerPieces(row, template));
}

/** One buffer of a stored answer's pieces; a single piece is already one. */
export const joinPieces = (pieces: Buffer[]): Buffer => (pieces.length === 1 ? pieces[0] : Buffer.concat(pieces));

/** `unpackAnswer` as pieces to write one after another: a list page sends them as they are, without joining them. */
export function unpackAnswerPieces(row: StoredAnswerRow, template?: AnswerTemplate): Buffer[] {
  const bytes = asBuffer(row.body);
  if (bytes[0] === FORMAT_ZSTD_DICTIONARY_1) return [zstdDecompressSync(bytes.subarray(1), { dictionary: DICTIONARY_1 })];
  const opening = Buffer.from(head(row, row.workload));
  if (bytes[0] === FORMAT_SEGMENTS) return [opening, ...decodeSegments(bytes, 1, `stored answer of ${row.id}`, decompressSegment)];
  if (bytes[0] !== FORMAT_TEMPLATE) throw new Error(`Stored answer of ${row.id} has unknown format ${bytes[0]}.`);
  if (!template || template.id !== row.answerTemplate) throw new Error(`Stored answer of ${row.id} needs its answer template ${row.answerTemplate}.`);
  return [opening, template.before, Buffer.from(escapedName(row.workloadName)), template.after];
}

function decodeSegments(bytes: Buffer, start: number, what: string, decompress: (payload: Buffer) => Buffer): Buffer[] {
  const parts: Buffer[] = [];
  for (let at = start; at < bytes.length;) {
    if (at + SEGMENT_HEADER > bytes.length) throw new Error(`The ${what} is cut short.`);
    const kind = bytes[at];
    const end = at + SEGMENT_HEADER + bytes.readUInt32LE(at + 1);
    if (end > bytes.length) throw new Error(`The ${what} is cut short.`);
    const payload = bytes.subarray(at + SEGMENT_HEADER, end);
    if (kind === RAW) parts.push(payload);
    else if (kind === ZSTD_DICTIONARY_1) parts.push(decompress(payload));
    else throw new Error(`The ${what} has a segment of unknown kind ${kind}.`);
    at = end;
  }
  return parts;
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
