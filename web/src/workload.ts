import type { Field } from './schema.js';

/** What the form holds: the workload as JSON, numbers possibly still as typed text. */
export type Values = Record<string, unknown>;

/** A value as a person reads it: strings as they are, anything else as JSON. */
export const display = (v: unknown): string => (typeof v === 'string' ? v : v === undefined ? '' : JSON.stringify(v));

export function getPath(values: Values, path: string): unknown {
  return path.split('.').reduce<unknown>((v, key) => (v !== null && typeof v === 'object' ? (v as Values)[key] : undefined), values);
}

/** A copy with one value replaced (undefined removes it); the original is left alone so Preact sees a new object. */
export function setPath(values: Values, path: string, value: unknown): Values {
  const [head, ...rest] = path.split('.') as [string, ...string[]];
  const copy = { ...values };
  if (rest.length === 0) {
    if (value === undefined) delete copy[head];
    else copy[head] = value;
    return copy;
  }
  const child = copy[head];
  copy[head] = setPath(child !== null && typeof child === 'object' ? (child as Values) : {}, rest.join('.'), value);
  return copy;
}

/** Applies a counterfactual's changes (field in dot notation, the value it changes to). */
export function applyChanges(values: Values, changes: { field: string; to: unknown }[]): Values {
  return changes.reduce((v, c) => setPath(v, c.field, c.to), values);
}

/**
 * The request body: what the person set, without what equals the schema's default, so a
 * stored input reads like the request a person would have written. Values the schema
 * refuses are sent as they are: the API names the problem, and the page shows it there.
 */
export function requestBody(fields: Field[], values: Values): Values {
  let body: Values = {};
  for (const field of fields) {
    const value = getPath(values, field.path);
    if (field.kind === 'group') {
      const inner = requestBody(field.fields, values);
      const nested = getPath(inner, field.path);
      if (nested !== undefined && Object.keys(nested as Values).length > 0) body = { ...body, ...inner };
      continue;
    }
    let out: unknown = value;
    switch (field.kind) {
      case 'number':
        out = value === undefined || value === '' ? undefined : typeof value === 'number' ? value : Number(value);
        if (typeof out === 'number' && Number.isNaN(out)) out = value;
        break;
      case 'checkbox':
        out = value === true ? true : value === false && field.default ? false : undefined;
        break;
      case 'checkboxes':
        out = Array.isArray(value) && value.length > 0 ? value : undefined;
        break;
      case 'select':
        out = value === '' || value === undefined || (!field.required && value === field.default) ? undefined : value;
        break;
      case 'text':
        out = value === undefined || (value === '' && !field.required) ? undefined : value;
        break;
    }
    if (out !== undefined) body = setPath(body, field.path, out);
  }
  return body;
}

/**
 * The field an API error belongs to: `scale.instances` itself, `compliance.2` to
 * `compliance`, `scale` to the scale group; undefined when no field on the form matches.
 */
export function fieldForError(errorPath: string, paths: string[]): string | undefined {
  let path = errorPath.replace(/\[(\d+)\]/g, '.$1').replace(/^body\.?/, '');
  while (path) {
    if (paths.includes(path)) return path;
    const cut = path.lastIndexOf('.');
    if (cut < 0) return undefined;
    path = path.slice(0, cut);
  }
  return undefined;
}

/** Every path a form renders: leaves and groups. */
export function allPaths(fields: Field[]): string[] {
  return fields.flatMap((f) => (f.kind === 'group' ? [f.path, ...allPaths(f.fields)] : [f.path]));
}
