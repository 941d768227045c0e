import { createHash } from 'node:crypto';
import { zstdCompressSync } from 'node:zlib';
import fc from 'fast-check';
import { createEvaluationMemo, normalizeWorkload } from '../engine/index.js';
import { loadDefaultMatrix, workloadInput } from '../../test/support/factories.js';
import { RESPONSE_DICTIONARY_1 } from './response-dictionary-1.js';
import { answerBytes, assertDictionaryCompression, packEvaluation, packResponse, rememberedTemplate, unpackAnswer, unpackAnswerPieces, unpackTemplate, type StoredAnswerRow } from './stored-response.js';

const utf8 = (text: string) => Buffer.from(text, 'utf8');
const ids = { id: '0190a8a0-0000-7000-8000-000000000000', createdAt: '2026-11-26T14:00:00.000Z' };
const row = (workload: object, body: Uint8Array, answerTemplate: string | null = null): StoredAnswerRow => ({
  ...ids,
  workload: JSON.stringify(workload),
  workloadName: (workload as { name?: string }).name ?? '',
  answerTemplate,
  body,
});
/** Stores what packEvaluation gives and reads it back, as the store does (the template from its row, not from memory). */
function roundTrip(evaluation: Uint8Array[], workload: { name: string }): Buffer {
  const { body, template } = packEvaluation(evaluation, workload.name);
  const stored = row(workload, body, template?.id ?? null);
  const answer = unpackAnswer(stored, template && unpackTemplate(template));
  // A list page writes the pieces one after another: they must make the same bytes.
  expect(Buffer.concat(unpackAnswerPieces(stored, template && unpackTemplate(template)))).toEqual(answer);
  return answer;
}

const json = fc.string({ unit: 'binary', maxLength: 2000 });
const name = fc.oneof(fc.string({ unit: 'binary', minLength: 1, maxLength: 60 }), fc.constantFrom('Checkout "api" \\ \u0000 é 🚀', 'a'));

describe('stored answers', () => {
  it('format 1: a whole answer comes back exactly as packed, whatever the text', () => {
    fc.assert(
      fc.property(json, (text) => {
        expect(unpackAnswer(row({ name: 'ignored' }, packResponse(text))).toString('utf8')).toBe(text);
        expect(Buffer.concat(unpackAnswerPieces(row({ name: 'ignored' }, packResponse(text)))).toString('utf8')).toBe(text);
      }),
      { numRuns: 200 },
    );
  });

  it('give back the answer sent, whatever the pieces, the workload and its name (formats 2 and 3)', () => {
    fc.assert(
      fc.property(fc.array(json, { minLength: 1, maxLength: 4 }), name, json, fc.boolean(), (texts, workloadName, note, nameInMiddle) => {
        const workload = { name: workloadName, note };
        // An evaluation's JSON opens with a brace, which the fields in front replace; a memo's answer has the name between two pieces.
        const pieces = nameInMiddle ? ['{' + texts[0], JSON.stringify(workloadName).slice(1, -1), texts[1] ?? ''] : ['{' + texts[0], ...texts.slice(1)];
        const evaluation = pieces.map(utf8);
        const sent = answerBytes(ids, workload as never, evaluation);
        expect(sent.toString('utf8')).toBe(`{"id":${JSON.stringify(ids.id)},"createdAt":${JSON.stringify(ids.createdAt)},"workload":${JSON.stringify(workload)},${pieces.join('').slice(1)}`);
        expect(roundTrip(evaluation, workload).equals(sent)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('format 3: records of one remembered answer share its template, and store one byte each', () => {
    const before = utf8(`{"summary":"Run ${'the same evaluation for every caller '.repeat(40)}`);
    const after = utf8(`","factors":[${'1,'.repeat(500)}1]}`);
    const first = packEvaluation([before, utf8('first'), after], 'first');
    const second = packEvaluation([before, utf8('second'), after], 'second');
    expect(first.body).toEqual(Buffer.of(3));
    expect(second.template).toBe(first.template);
    expect(first.template!.body.length).toBeLessThan((before.length + after.length) / 5);
    // Another name in the middle than the workload's: not a template, so stored whole.
    expect(packEvaluation([before, utf8('someone else'), after], 'first').body[0]).toBe(2);
    // Kept in memory once written, so the next read needs no query.
    expect(rememberedTemplate(first.template!.id)?.before.equals(before.subarray(1))).toBe(true);
  });

  it('packs a piece it has seen before by where it is now: first (without its brace) or not, with the same or another last piece', () => {
    const shared = utf8(`{"a":"${'x'.repeat(200)}`);
    const ends = [utf8(`","b":"${'y'.repeat(200)}"}`), utf8(`","b":"${'z'.repeat(200)}"}`)];
    const workload = { name: 'n' };
    for (const end of ends) expect(roundTrip([shared, utf8('n'), end], workload).equals(answerBytes(ids, workload as never, [shared, utf8('n'), end]))).toBe(true);
    // The same piece again, now in the middle, where it keeps its brace.
    const later = [utf8('{"lead":1,"inner":'), shared, utf8('"}}')];
    expect(roundTrip(later, workload).equals(answerBytes(ids, workload as never, later))).toBe(true);
  });

  it('format 3: a template is one segment, and templates stored as two segments (before 2026-11-27) still read', () => {
    const before = utf8(`{"summary":"${'Run the workload in a VM. '.repeat(40)}`);
    const after = utf8(`","checklist":"${'pin the kernel, '.repeat(80)}"}`);
    const { template } = packEvaluation([before, utf8('n'), after], 'n');
    const segment = (payload: Buffer) => {
      const header = Buffer.alloc(5);
      header[0] = 1;
      header.writeUInt32LE(payload.length, 1);
      return Buffer.concat([header, payload]);
    };
    const dictionary = { dictionary: Buffer.from(RESPONSE_DICTIONARY_1, 'latin1') };
    // Kind 1 (zstd with dictionary 1), the length, and nothing after the one frame.
    expect(template!.body[0]).toBe(1);
    expect(template!.body.readUInt32LE(1)).toBe(template!.body.length - 5);
    const twoSegments = Buffer.concat([segment(zstdCompressSync(before.subarray(1), dictionary)), segment(zstdCompressSync(after, dictionary))]);
    const old = unpackTemplate({ id: template!.id, body: twoSegments });
    expect(Buffer.concat([old.before, utf8('n'), old.after]).equals(Buffer.concat([before.subarray(1), utf8('n'), after]))).toBe(true);
    const current = unpackTemplate({ id: template!.id, body: Buffer.from(template!.body) });
    expect(current.before.equals(old.before) && current.after.equals(old.after)).toBe(true);
    // Three segments is no template this service wrote.
    expect(() => unpackTemplate({ id: template!.id, body: Buffer.concat([twoSegments, segment(zstdCompressSync(utf8('x'), dictionary))]) })).toThrow(/does not match/);
  });

  it('format 3: refuses a template whose bytes do not match its id, and a record read without its template', () => {
    const { body, template } = packEvaluation([utf8(`{"a":"${'x'.repeat(100)}`), utf8('n'), utf8(`"${'y'.repeat(100)}}`)], 'n');
    const tampered = Buffer.from(template!.body);
    tampered[tampered.length - 1] ^= 1;
    expect(() => unpackTemplate({ id: template!.id, body: tampered })).toThrow();
    expect(() => unpackAnswer(row({ name: 'n' }, body, template!.id))).toThrow(/needs its answer template/);
  });

  it('format 3: a template read back holds memory of its own size, not the 64 KB chunk zstd wrote it into', () => {
    const evaluation = [utf8(`{"summary":"${'a decided answer, '.repeat(300)}`), utf8('n'), utf8(`","checklist":"${'a step, '.repeat(700)}"}`)];
    const { template } = packEvaluation(evaluation, 'n');
    const decoded = unpackTemplate({ id: template!.id, body: Buffer.from(template!.body) });
    expect(decoded.before.equals(evaluation[0].subarray(1))).toBe(true);
    // The cache counts these lengths against its budget: the two pieces share one store of just that much (and their separator).
    expect(decoded.before.buffer).toBe(decoded.after.buffer);
    expect(decoded.before.buffer.byteLength).toBe(decoded.before.byteLength + 1 + decoded.after.byteLength);
  });

  it('packs into memory of its own: no shared pool slab to pin in a cache or to copy whole to the writer thread', () => {
    const owns = (bytes: Uint8Array) => expect(bytes.buffer.byteLength).toBe(bytes.byteLength);
    const before = utf8(`{"summary":"${'the packed answer, '.repeat(100)}`);
    const after = utf8(`","steps":"${'a step, '.repeat(300)}"}`);
    const asTemplate = packEvaluation([before, utf8('owner'), after], 'owner');
    owns(asTemplate.body);
    owns(asTemplate.template!.body);
    // These pieces were cut from Node's pool slab, so the cache keeps copies of their own size (the first with its brace).
    const kept = rememberedTemplate(asTemplate.template!.id)!;
    expect(kept.before.buffer.byteLength).toBe(kept.before.byteLength + 1);
    owns(kept.after);
    owns(packEvaluation([before, utf8('someone else'), after], 'owner').body);
  });

  it("keeps an evaluation memo's own pieces in the template cache, not a copy: an answer both remember is held once", () => {
    const memo = createEvaluationMemo(loadDefaultMatrix());
    const { utf8: pieces } = memo.evaluate(normalizeWorkload(workloadInput({ name: 'held once' })));
    const { template } = packEvaluation(pieces, 'held once');
    const kept = rememberedTemplate(template!.id)!;
    expect(kept.before.buffer).toBe(pieces[0].buffer);
    expect(kept.after.buffer).toBe(pieces[2].buffer);
    expect(Buffer.concat([Buffer.from('{'), kept.before, Buffer.from('held once'), kept.after]).equals(Buffer.concat(pieces))).toBe(true);
  });

  it('format 2: records sharing a segment each get their own copy of the answer', () => {
    const evaluation = [utf8(`{"factors":"${'x'.repeat(500)}`), utf8('"}')];
    const { body } = packEvaluation(evaluation, 'unused');
    const first = unpackAnswer(row({}, body));
    first.fill(0);
    expect(unpackAnswer(row({}, body)).toString('utf8')).toBe(`{"id":"${ids.id}","createdAt":"${ids.createdAt}","workload":{},"factors":"${'x'.repeat(500)}"}`);
  });

  it('keep dictionary 1 byte for byte: every record packed with it needs exactly these bytes', () => {
    expect(createHash('sha256').update(Buffer.from(RESPONSE_DICTIONARY_1, 'latin1')).digest('hex')).toBe('6ff080dc833eb0475e87080d18e4f16e8707a472648cf8ea72d42dcf973b584e');
  });

  it('are packed with the dictionary on this Node.js', () => {
    expect(() => assertDictionaryCompression()).not.toThrow();
  });

  it('refuse a format or a segment they do not know, or a body cut short, instead of guessing', () => {
    const unpack = (body: number[]) => () => unpackAnswer(row({}, Buffer.from(body)));
    expect(unpack([9, 1, 2, 3])).toThrow(/unknown format 9/);
    expect(unpack([2, 7, 1, 0, 0, 0, 65])).toThrow(/unknown kind 7/);
    expect(unpack([2, 0, 9, 0, 0, 0, 65])).toThrow(/cut short/);
    expect(unpack([2, 0, 9])).toThrow(/cut short/);
  });
});
