import { parse as yamlParse } from 'yaml';
import { BODY_LIMITS, jsonDepthExceeds, parseYamlBody } from './body-parsers.js';

const manyKeys = (n: number) => Array.from({ length: n }, (_, i) => `k${i.toString(36)}: 1`).join('\n');
const time = (work: () => unknown) => {
  const started = performance.now();
  work();
  return performance.now() - started;
};

describe('jsonDepthExceeds', () => {
  it('counts arrays and objects, not brackets inside strings or after escaped quotes', () => {
    expect(jsonDepthExceeds('{"a":[[1]]}', 3)).toBe(false);
    expect(jsonDepthExceeds('{"a":[[[1]]]}', 3)).toBe(true);
    expect(jsonDepthExceeds('{"a":"[[[[{{{{"}', 1)).toBe(false);
    expect(jsonDepthExceeds('{"a":"\\"[[[[","b":1}', 1)).toBe(false);
    expect(jsonDepthExceeds('{"a":"\\\\","b":[[1]]}', 2)).toBe(true);
  });
});

describe('parseYamlBody', () => {
  it('gives what yaml gives for an ordinary document', () => {
    const source = 'version: x\nlist: [1, two, {three: 3}]\nanchor: &a {k: v}\nuse: *a\n';
    expect(parseYamlBody(source)).toEqual(yamlParse(source));
  });

  // yaml's own duplicate-key check compares every key with every other. At 9,600 keys it
  // costs about six times the whole linear parse here; the margins allow a loaded machine:
  // four times the keys take about four times as long when linear, sixteen when quadratic,
  // and the best of five runs keeps one collection pause from deciding (8 failed once at 8.05).
  it("avoids the quadratic duplicate-key check: well under yaml's default at 9,600 keys, and growing about linearly", () => {
    const small = manyKeys(2_400);
    const large = manyKeys(9_600);
    const best = (work: () => unknown) => Math.min(...[0, 1, 2, 3, 4].map(() => time(work)));
    parseYamlBody(small);
    yamlParse(small);
    const ours = best(() => parseYamlBody(large));
    const quadratic = best(() => yamlParse(large));
    expect(ours * 2.5).toBeLessThan(quadratic);
    expect(ours / best(() => parseYamlBody(small))).toBeLessThan(10);
  });

  it('refuses one node past the limit before building any object', () => {
    expect(() => parseYamlBody(manyKeys(BODY_LIMITS.maxYamlNodes / 2))).toThrow(/more than 20000 nodes/);
    expect(() => parseYamlBody(manyKeys(BODY_LIMITS.maxYamlNodes / 2 - 1))).not.toThrow();
  });

  it('names the line of a syntax error', () => {
    // An unclosed flow sequence is reported where the document ends.
    expect(() => parseYamlBody('kind: Pod\nspec:\n  containers: [\n')).toThrow('The body is not valid YAML: BAD_INDENT at line 4.');
    expect(() => parseYamlBody('a: "x\nb: 2\n')).toThrow('The body is not valid YAML: MISSING_CHAR at line 3.');
  });
});
