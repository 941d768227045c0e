import { isUtf8 } from 'node:buffer';
import secureJson from 'secure-json-parse';
import { isAlias, isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import { AppError } from './app-error.js';

/**
 * Limits on what a request body may be, whatever its route. Recursive code further on
 * (class-transformer, class-validator, zod, the matrix engine) is safe only because no
 * body deeper than MAX_BODY_DEPTH ever reaches it.
 */
export const BODY_LIMITS = {
  /** Nesting of arrays and objects; the default matrix needs 7. */
  maxDepth: 32,
  /** Nodes in a YAML document (every scalar, key, map and sequence counts). */
  maxYamlNodes: 20_000,
  /** Alias nodes in a YAML document; each may expand only once per maxAliasCount. */
  maxYamlAliases: 20,
} as const;

/** Keys that, in a plain object, reach into Object.prototype instead of holding data. */
export const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

const tooComplex = (message: string) => new AppError('BODY_TOO_COMPLEX', message, [{ path: 'body', message }]);

/**
 * The nesting depth of a JSON text, measured in one pass over its characters without
 * parsing it, so a hostile body is refused before any tree is built.
 */
export function jsonDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 /* [ */ || c === 123 /* { */) {
      if (++depth > limit) return true;
    } else if (c === 93 /* ] */ || c === 125 /* } */) depth--;
  }
  return false;
}

function checkJsonDepth(text: string): void {
  if (jsonDepthExceeds(text, BODY_LIMITS.maxDepth)) throw tooComplex(`The body nests arrays and objects more than ${BODY_LIMITS.maxDepth} levels deep.`);
}

/**
 * The body's text, if its bytes are UTF-8 (RFC 8259 8.1; YAML bodies too). Decoding would
 * turn a stray Latin-1 byte into U+FFFD and store the name damaged, so such a body is refused.
 * isUtf8 is native and vectorised; the offset is looked for only once the body is refused.
 */
export function decodeUtf8Body(bytes: Buffer): string {
  if (isUtf8(bytes)) return bytes.toString('utf8');
  const offset = firstInvalidUtf8Offset(bytes);
  throw new AppError('MALFORMED_BODY', `The body is not valid UTF-8: the byte at offset ${offset} (0-based) does not continue a UTF-8 sequence. Send UTF-8 text (RFC 8259 8.1).`, [{ path: 'body', message: `invalid UTF-8 at byte ${offset}` }]);
}

/** Where the first ill-formed UTF-8 sequence starts (Unicode Table 3-7: no overlongs, surrogates or code points past U+10FFFF). */
export function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let low = 0x80;
    let high = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) low = 0xa0;
      else if (b === 0xed) high = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) low = 0x90;
      else if (b === 0xf4) high = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || c < (k === 1 ? low : 0x80) || c > (k === 1 ? high : 0xbf)) return i;
    }
    i += need + 1;
  }
  return bytes.length;
}

/**
 * Parses a JSON body after the depth check. __proto__ keys and constructor.prototype are
 * refused, as by Fastify's own parser, but the caller learns why, and for a syntax error
 * where: JSON.parse's message names the position, line and column.
 */
export function parseJsonBody(text: string): unknown {
  if (text.length === 0) throw new AppError('EMPTY_BODY', 'The body is empty, and this content type needs a JSON document.', [{ path: 'body', message: 'empty' }]);
  checkJsonDepth(text);
  try {
    return secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' });
  } catch (error) {
    const reason = (error as Error).message;
    const message = /forbidden prototype property/.test(reason) ? "it uses a reserved key: __proto__, or constructor holding a prototype, which could reach into every object's prototype" : reason;
    throw new AppError('MALFORMED_BODY', `The body is not valid JSON: ${message}.`, [{ path: 'body', message }]);
  }
}

/**
 * Parses a YAML body in time linear in its size: yaml's own duplicate-key check compares
 * every key with every other (quadratic), so it is off and this walk checks duplicates with
 * a set instead, together with the node, depth, alias and key limits. One document only.
 */
export function parseYamlBody(source: string): unknown {
  const doc = parseDocument(source, { uniqueKeys: false, prettyErrors: false, merge: false });
  if (doc.errors.length > 0) {
    const first = doc.errors[0];
    // prettyErrors would count lines for every document; an error counts them once, up to its offset.
    const line = source.slice(0, first.pos[0]).split('\n').length;
    const message = /multiple documents/i.test(first.message) ? 'more than one YAML document' : `${first.code} at line ${line}`;
    throw new AppError('VALIDATION_FAILED', `The body is not valid YAML: ${message}.`, [{ path: 'body', message: 'not valid YAML' }]);
  }
  let nodes = 0;
  let aliases = 0;
  const stack: { node: unknown; depth: number }[] = [{ node: doc.contents, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (node === null || node === undefined) continue;
    if (++nodes > BODY_LIMITS.maxYamlNodes) throw tooComplex(`The YAML document has more than ${BODY_LIMITS.maxYamlNodes} nodes.`);
    if (isAlias(node)) {
      if (++aliases > BODY_LIMITS.maxYamlAliases) throw tooComplex(`The YAML document uses more than ${BODY_LIMITS.maxYamlAliases} aliases.`);
      continue;
    }
    if (isMap(node) || isSeq(node)) {
      if (depth + 1 > BODY_LIMITS.maxDepth) throw tooComplex(`The body nests mappings and sequences more than ${BODY_LIMITS.maxDepth} levels deep.`);
    }
    if (isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        const key = pair.key as Node | null;
        if (!isScalar(key) || (typeof key.value !== 'string' && typeof key.value !== 'number' && typeof key.value !== 'boolean')) {
          throw new AppError('VALIDATION_FAILED', 'The YAML body uses a key that is not a plain string.', [{ path: 'body', message: 'keys must be plain strings' }]);
        }
        const name = String(key.value);
        if (FORBIDDEN_KEYS.has(name)) throw new AppError('VALIDATION_FAILED', `The YAML body uses the reserved key '${name}'.`, [{ path: 'body', message: `reserved key '${name}'` }]);
        if (seen.has(name)) throw new AppError('VALIDATION_FAILED', `The YAML body repeats the key '${name}' in one mapping.`, [{ path: 'body', message: `duplicate key '${name}'` }]);
        seen.add(name);
        nodes++;
        stack.push({ node: pair.value, depth: depth + 1 });
      }
    } else if (isSeq(node)) {
      for (const item of node.items) stack.push({ node: item, depth: depth + 1 });
    }
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 50 });
  } catch {
    throw tooComplex('The YAML document expands its aliases too far.');
  }
  // An alias placed deep inside may point at a deep anchor: measure what was built, too.
  checkJsonDepth(JSON.stringify(value) ?? '');
  return value;
}
