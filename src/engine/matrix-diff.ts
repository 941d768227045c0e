import diff from 'microdiff';
import type { MatrixDocument } from './matrix.js';

export type DiffSection = 'metadata' | 'options' | 'criteria' | 'importanceRules' | 'importanceCurves' | 'constraints' | 'runtimes' | 'estimates' | 'hardening' | 'settings' | 'examples';

export interface FieldChange {
  path: string;
  before?: unknown;
  after?: unknown;
}

export interface MatrixChange {
  section: DiffSection;
  /** Id of the item, option name, or field name for metadata and estimates. */
  id: string;
  change: 'added' | 'removed' | 'changed';
  before?: unknown;
  after?: unknown;
  /** For a changed item: each field that differs, with both values. */
  fields?: FieldChange[];
}

export interface MatrixDiff {
  from: string;
  to: string;
  identical: boolean;
  changes: MatrixChange[];
  summary: string;
}

const SECTION_NAMES: Record<DiffSection, string> = {
  metadata: 'metadata',
  options: 'option descriptions',
  criteria: 'criteria',
  importanceRules: 'importance rules',
  importanceCurves: 'importance curves',
  constraints: 'hard constraints',
  runtimes: 'runtimes',
  estimates: 'estimate parameters',
  hardening: 'hardening guidance',
  settings: 'tie-break and what-if settings',
  examples: 'examples',
};

/** Every section a diff reports on, in the order the summary lists them. */
export const DIFF_SECTIONS = Object.keys(SECTION_NAMES) as DiffSection[];

const fieldChanges = (before: object, after: object): FieldChange[] =>
  diff(before as Record<string, unknown>, after as Record<string, unknown>).map((d) => ({
    path: d.path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join(''),
    ...('oldValue' in d ? { before: d.oldValue as unknown } : {}),
    ...('value' in d ? { after: d.value as unknown } : {}),
  }));

function diffKeyed(section: DiffSection, before: Record<string, object>, after: Record<string, object>): MatrixChange[] {
  const out: MatrixChange[] = [];
  for (const [id, old] of Object.entries(before)) {
    const now = after[id];
    if (now === undefined) out.push({ section, id, change: 'removed', before: old });
    else {
      const fields = fieldChanges(old, now);
      if (fields.length > 0) out.push({ section, id, change: 'changed', before: old, after: now, fields });
    }
  }
  for (const [id, now] of Object.entries(after)) if (!(id in before)) out.push({ section, id, change: 'added', after: now });
  return out;
}

const byId = <T extends { id: string }>(items: T[] = []) => Object.fromEntries(items.map((item) => [item.id, item]));

/** The estimate parameters as items: each setting by name (a number wrapped as `{ value }`), each option's profile by option. */
function estimateItems(estimates: MatrixDocument['estimates']): Record<string, object> {
  const { profiles, ...settings } = estimates;
  const items: Record<string, object> = {};
  for (const [name, value] of Object.entries(settings)) if (value !== undefined) items[name] = typeof value === 'object' ? value : { value };
  return { ...items, ...profiles };
}

/** The document's optional settings, each an item when present. */
const settingItems = (doc: MatrixDocument): Record<string, object> => ({ ...(doc.tieBreak ? { tieBreak: doc.tieBreak } : {}), ...(doc.insight ? { insight: doc.insight } : {}) });

/**
 * Structured differences between two matrix documents, item by item (matched by id, so a
 * reordering is no change), with every changed field's old and new value and a summary a
 * reviewer can read in a pull request.
 */
export function diffMatrices(a: MatrixDocument, b: MatrixDocument): MatrixDiff {
  const metaBefore = { version: a.version, title: a.title, description: a.description };
  const metaAfter = { version: b.version, title: b.title, description: b.description };
  const changes: MatrixChange[] = [
    ...fieldChanges(metaBefore, metaAfter).map((f) => ({ section: 'metadata' as const, id: f.path, change: 'changed' as const, before: f.before, after: f.after })),
    ...diffKeyed('options', a.options, b.options),
    ...diffKeyed('criteria', byId(a.criteria), byId(b.criteria)),
    ...diffKeyed('importanceRules', byId(a.importanceRules), byId(b.importanceRules)),
    ...diffKeyed('importanceCurves', byId(a.importanceCurves), byId(b.importanceCurves)),
    ...diffKeyed('constraints', byId(a.constraints), byId(b.constraints)),
    ...diffKeyed('runtimes', byId(a.runtimes), byId(b.runtimes)),
    ...diffKeyed('estimates', estimateItems(a.estimates), estimateItems(b.estimates)),
    ...diffKeyed('hardening', byId(a.hardening), byId(b.hardening)),
    ...diffKeyed('settings', settingItems(a), settingItems(b)),
    ...diffKeyed('examples', byId(a.examples), byId(b.examples)),
  ];
  const substantive = changes.filter((c) => !(c.section === 'metadata' && c.id === 'version'));
  return { from: a.version, to: b.version, identical: substantive.length === 0, changes, summary: summarise(a.version, b.version, substantive) };
}

function describe(change: MatrixChange): string {
  if (change.change !== 'changed' || !change.fields) return `${change.change} ${change.id}`;
  const parts = change.fields.slice(0, 3).map((f) => `${f.path} ${JSON.stringify(f.before)} -> ${JSON.stringify(f.after)}`);
  return `${change.id} (${parts.join(', ')}${change.fields.length > 3 ? `, +${change.fields.length - 3} more` : ''})`;
}

function summarise(from: string, to: string, changes: MatrixChange[]): string {
  if (changes.length === 0) return `${from} -> ${to}: no differences besides the version name.`;
  const lines = [`${from} -> ${to}: ${changes.length} change${changes.length === 1 ? '' : 's'}.`];
  for (const section of DIFF_SECTIONS) {
    const inSection = changes.filter((c) => c.section === section);
    if (inSection.length > 0) lines.push(`- ${SECTION_NAMES[section]}: ${inSection.map(describe).join('; ')}`);
  }
  return lines.join('\n');
}
