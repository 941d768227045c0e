import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { RESPONSE_DICTIONARY_1 } from './response-dictionary-1.js';
import { assertDictionaryCompression, packResponse, unpackResponse } from './stored-response.js';

describe('stored answers', () => {
  it('come back exactly as packed, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 3000 }), (text) => {
        expect(unpackResponse(packResponse(text))).toBe(text);
      }),
      { numRuns: 200 },
    );
  });

  it('keep dictionary 1 byte for byte: every record packed with it needs exactly these bytes', () => {
    expect(createHash('sha256').update(Buffer.from(RESPONSE_DICTIONARY_1, 'latin1')).digest('hex')).toBe('6ff080dc833eb0475e87080d18e4f16e8707a472648cf8ea72d42dcf973b584e');
  });

  it('are packed with the dictionary on this Node.js', () => {
    expect(() => assertDictionaryCompression()).not.toThrow();
  });

  it('refuse a format they do not know instead of guessing', () => {
    expect(() => unpackResponse(Buffer.from([9, 1, 2, 3]))).toThrow(/unknown format 9/);
  });
});
