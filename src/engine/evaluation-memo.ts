import type { Evaluation, Rationale } from './evaluation.js';
import { evaluate } from './evaluate.js';
import type { LoadedMatrix } from './matrix.js';
import type { Workload } from './workload.js';

/** The decision without its explanation: what a caller storing or counting an answer reads of it. */
export type EvaluationHeadline = Pick<Evaluation, 'recommendation' | 'confidence' | 'matrix'> & { rationale: Pick<Rationale, 'runnerUp' | 'margin' | 'tie'> };

/** One answer of a memo: its JSON as UTF-8, its headline, and the whole evaluation on request. */
export interface MemoizedEvaluation {
  /**
   * The evaluation. A remembered one is parsed from its JSON on first access: the memo keeps
   * an answer's bytes, not its objects (which took another 25 KB of heap per answer).
   */
  readonly evaluation: Evaluation;
  /** `JSON.stringify(evaluation)`. */
  readonly json: string;
  /**
   * The same JSON as UTF-8, in pieces to write one after another. The remembered pieces are
   * encoded once, so a caller sending or storing bytes does not encode 10 KB per answer.
   */
  readonly utf8: readonly Uint8Array[];
  /** The evaluation's headline fields, without parsing it. Frozen and shared by every caller of a remembered answer. */
  readonly headline: EvaluationHeadline;
  /** `JSON.stringify(workload)`: made for the memo's key anyway, and what a caller storing the workload needs. */
  readonly workloadJson: string;
}

export interface EvaluationMemo {
  evaluate(workload: Workload): MemoizedEvaluation;
  readonly size: number;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** Stands for the workload's name while an answer is remembered; NUL cannot come from a matrix. */
const NAME_SLOT = '\u0000workload name\u0000';
const NAME_SLOT_IN_JSON = JSON.stringify(NAME_SLOT).slice(1, -1);

/** An answer with a hole where the name goes: its JSON either side of the name, as UTF-8, and its headline. */
interface Template {
  headline: EvaluationHeadline;
  utf8: [Uint8Array, Uint8Array];
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** UTF-8 of a short string; names are mostly ASCII, copied without a call into the encoder (0.17 instead of 0.84 µs). */
function utf8Of(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0x7f) return encoder.encode(text);
    bytes[i] = code;
  }
  return bytes;
}

/**
 * `evaluate` for one matrix, remembering the answers for the last `capacity` distinct
 * workloads. Most of an evaluation's cost is the what-if search (dozens of re-decisions),
 * and callers repeat themselves: a portal asks about the same workload on every page view,
 * a portfolio holds many copies of one template. The answer is a pure function of the
 * matrix and the workload's attributes, so a remembered one is the same answer.
 *
 * The name only appears in the summary's first sentence, so a remembered answer is kept
 * with a placeholder there and the caller's name is put into its JSON. Keys are the workload's JSON
 * without the name, so workloads should come from `normalizeWorkload`, which fixes key order.
 */
export function createEvaluationMemo(matrix: LoadedMatrix, capacity = 512): EvaluationMemo {
  // Least recently used goes first. A hit only stamps its entry: moving it to the back of the
  // Map's order (delete, set) hashed its 500-character key twice more, a fifth of a hit's
  // time. A full memo forgets its sixteenth least recently used at once, so the scan for them
  // (tens of microseconds over 1,000 entries) is paid once in that many misses, not on each.
  const entries = new Map<string, { template: Template | null; used: number }>();
  let clock = 0;
  const forgetAtOnce = Math.max(1, Math.floor(capacity / 16));
  const forgetOldest = () => {
    const stamps = Array.from(entries.values(), (entry) => entry.used).sort((a, b) => a - b);
    const newestForgotten = stamps[forgetAtOnce - 1];
    for (const [key, entry] of entries) if (entry.used <= newestForgotten) entries.delete(key);
  };
  const fill = (template: Template, nameJson: string, workloadJson: string): MemoizedEvaluation => {
    const escaped = nameJson.slice(1, -1);
    let json: string | undefined;
    let evaluation: Evaluation | undefined;
    return {
      get evaluation() {
        return (evaluation ??= JSON.parse(this.json) as Evaluation);
      },
      get json() {
        return (json ??= decoder.decode(template.utf8[0]) + escaped + decoder.decode(template.utf8[1]));
      },
      utf8: [template.utf8[0], utf8Of(escaped), template.utf8[1]],
      headline: template.headline,
      workloadJson,
    };
  };
  return {
    get size() {
      return entries.size;
    },
    evaluate(workload: Workload): MemoizedEvaluation {
      const nameJson = JSON.stringify(workload.name);
      const workloadJson = JSON.stringify(workload);
      // A normalised workload's name comes first: the rest of its JSON is the key, with no
      // copy of the workload made to leave the name out (2.3 -> 1.4 µs). Another key order
      // gets a key of another form ('{' first, not ','), so the two never collide.
      const prefix = `{"name":${nameJson}`;
      const key = workloadJson.startsWith(prefix) ? workloadJson.slice(prefix.length) : JSON.stringify({ ...workload, name: undefined });
      const entry = entries.get(key);
      let template: Template | null;
      if (entry !== undefined) {
        entry.used = ++clock;
        template = entry.template;
      } else {
        template = remember(evaluate(matrix, { ...workload, name: NAME_SLOT }));
        if (capacity > 0) {
          if (entries.size >= capacity) forgetOldest();
          entries.set(key, { template, used: ++clock });
        }
      }
      if (template) return fill(template, nameJson, workloadJson);
      const evaluation = evaluate(matrix, workload);
      const json = JSON.stringify(evaluation);
      return { evaluation, json, utf8: [encoder.encode(json)], headline: headlineOf(evaluation), workloadJson };
    },
  };
}

/** The template of an answer, or null when the name is not exactly once in its JSON. */
function remember(evaluation: Evaluation): Template | null {
  const json = JSON.stringify(evaluation).split(NAME_SLOT_IN_JSON);
  if (json.length !== 2) return null;
  return { headline: deepFreeze(headlineOf(evaluation)), utf8: [encoder.encode(json[0]), encoder.encode(json[1])] };
}

function headlineOf({ recommendation, rationale, confidence, matrix }: Evaluation): EvaluationHeadline {
  return { recommendation, rationale: { runnerUp: rationale.runnerUp, margin: rationale.margin, tie: rationale.tie }, confidence, matrix };
}
