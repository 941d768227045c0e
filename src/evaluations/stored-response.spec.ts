import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { RESPONSE_DICTIONARY_1 } from './response-dictionary-1.js';
import { answerBytes, assertDictionaryCompression, packEvaluation, packResponse, unpackAnswer } from './stored-response.js';

const utf8 = (text: string) => Buffer.from(text, 'utf8');
const row = { id: '0190a8a0-0000-7000-8000-000000000000', createdAt: '2026-11-26T14:00:00.000Z' };

describe('stored answers', () => {
  it('format 1: a whole answer comes back exactly as packed, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 3000 }), (text) => {
        expect(unpackAnswer({ ...row, workload: 'ignored', body: packResponse(text) }).toString('utf8')).toBe(text);
      }),
      { numRuns: 200 },
    );
  });

  it('format 2: the row and its packed pieces give back the answer sent, whatever the pieces and the workload', () => {
    const json = fc.string({ unit: 'binary', maxLength: 2000 });
    fc.assert(
      fc.property(fc.array(json, { minLength: 1, maxLength: 4 }), fc.record({ name: json, note: json }), (texts, workload) => {
        // An evaluation's JSON opens with a brace, which the fields in front replace.
        const pieces = ['{' + texts[0], ...texts.slice(1)].map(utf8);
        const sent = answerBytes(row, workload as never, pieces);
        expect(sent.toString('utf8')).toBe(`{"id":${JSON.stringify(row.id)},"createdAt":${JSON.stringify(row.createdAt)},"workload":${JSON.stringify(workload)},${texts.join('')}`);
        expect(unpackAnswer({ ...row, workload: JSON.stringify(workload), body: packEvaluation(pieces) }).equals(sent)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('format 2: a remembered piece is compressed once, and the name between pieces is kept as it is', () => {
    const long = utf8(`{"summary":"${'the same evaluation for every caller '.repeat(40)}`);
    const tail = utf8(`","factors":[${'1,'.repeat(500)}1]}`);
    const first = packEvaluation([long, utf8('first name'), tail]);
    const second = packEvaluation([long, utf8('second name'), tail]);
    expect(first.includes(utf8('first name'))).toBe(true);
    expect(second.length - first.length).toBe('second name'.length - 'first name'.length);
    expect(first.length).toBeLessThan((long.length + tail.length) / 5);
  });

  it('format 2: records sharing a segment each get their own copy of the answer', () => {
    const pieces = [utf8(`{"factors":"${'x'.repeat(500)}`), utf8('"}')];
    const body = packEvaluation(pieces);
    const first = unpackAnswer({ ...row, workload: '{}', body });
    first.fill(0);
    expect(unpackAnswer({ ...row, workload: '{}', body }).toString('utf8')).toBe(`{"id":"${row.id}","createdAt":"${row.createdAt}","workload":{},"factors":"${'x'.repeat(500)}"}`);
  });

  it('keep dictionary 1 byte for byte: every record packed with it needs exactly these bytes', () => {
    expect(createHash('sha256').update(Buffer.from(RESPONSE_DICTIONARY_1, 'latin1')).digest('hex')).toBe('6ff080dc833eb0475e87080d18e4f16e8707a472648cf8ea72d42dcf973b584e');
  });

  it('are packed with the dictionary on this Node.js', () => {
    expect(() => assertDictionaryCompression()).not.toThrow();
  });

  it('refuse a format or a segment they do not know, or a body cut short, instead of guessing', () => {
    const unpack = (body: number[]) => () => unpackAnswer({ ...row, workload: '{}', body: Buffer.from(body) });
    expect(unpack([9, 1, 2, 3])).toThrow(/unknown format 9/);
    expect(unpack([2, 7, 1, 0, 0, 0, 65])).toThrow(/unknown kind 7/);
    expect(unpack([2, 0, 9, 0, 0, 0, 65])).toThrow(/cut short/);
    expect(unpack([2, 0, 9])).toThrow(/cut short/);
  });
});
