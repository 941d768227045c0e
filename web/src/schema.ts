/**
 * Turns the request schema of POST /v1/evaluations (from the service's own OpenAPI
 * document) into form fields, so a new workload attribute appears on the page without
 * anyone editing it. Pure: no DOM, unit-tested from test/.
 */

export interface JsonSchema {
  $ref?: string;
  allOf?: JsonSchema[];
  type?: string;
  enum?: unknown[];
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  default?: unknown;
  description?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  example?: unknown;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: JsonSchema }> } }>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

interface FieldBase {
  /** Dot notation, as the API names fields in errors and counterfactuals (scale.instances). */
  path: string;
  label: string;
  description?: string;
  required: boolean;
}

export type Field =
  | (FieldBase & { kind: 'text'; minLength?: number; maxLength?: number })
  | (FieldBase & { kind: 'select'; options: string[]; default?: string })
  | (FieldBase & { kind: 'checkboxes'; options: string[] })
  | (FieldBase & { kind: 'checkbox'; default: boolean })
  | (FieldBase & { kind: 'number'; integer: boolean; minimum?: number; maximum?: number })
  | (FieldBase & { kind: 'group'; fields: Field[]; default?: unknown });

const ACRONYMS: Record<string, string> = { gpu: 'GPU', os: 'OS', ms: '(ms)', mb: 'MB', api: 'API' };

/** codeTrust -> "Code trust", startupBudgetMs -> "Startup budget (ms)". */
export function humanize(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/\s+/)
    .map((w) => ACRONYMS[w.toLowerCase()] ?? w.toLowerCase());
  const first = words[0] ?? '';
  words[0] = first === first.toLowerCase() ? first.charAt(0).toUpperCase() + first.slice(1) : first;
  return words.join(' ');
}

function resolve(schema: JsonSchema, doc: OpenApiDocument): JsonSchema {
  if (schema.$ref) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    const target = doc.components?.schemas?.[name];
    if (!target) throw new Error(`The OpenAPI document has no schema ${name}`);
    return resolve(target, doc);
  }
  // Nest writes a described $ref as allOf with one member; the siblings (default, description) win.
  if (schema.allOf) {
    const { allOf, ...rest } = schema;
    return Object.assign({}, ...allOf.map((s) => resolve(s, doc)), rest) as JsonSchema;
  }
  return schema;
}

/** The request body schema of POST /v1/evaluations, found by route rather than by schema name. */
export function workloadSchema(doc: OpenApiDocument): JsonSchema {
  const schema = doc.paths['/v1/evaluations']?.post?.requestBody?.content?.['application/json']?.schema;
  if (!schema) throw new Error('The OpenAPI document does not describe POST /v1/evaluations');
  return resolve(schema, doc);
}

export function fieldsOf(schema: JsonSchema, doc: OpenApiDocument, prefix = ''): Field[] {
  const required = new Set(schema.required ?? []);
  const fields = Object.entries(schema.properties ?? {}).map(([name, raw]): Field => {
    const s = resolve(raw, doc);
    const base = { path: prefix + name, label: humanize(name), description: s.description, required: required.has(name) };
    if (s.enum) return { ...base, kind: 'select', options: s.enum.map(String), default: typeof s.default === 'string' ? s.default : undefined };
    if (s.type === 'array' && s.items) {
      const items = resolve(s.items, doc);
      if (items.enum) return { ...base, kind: 'checkboxes', options: items.enum.map(String) };
    }
    if (s.type === 'boolean') return { ...base, kind: 'checkbox', default: s.default === true };
    if (s.type === 'integer' || s.type === 'number') return { ...base, kind: 'number', integer: s.type === 'integer', minimum: s.minimum, maximum: s.maximum };
    if (s.type === 'object' || s.properties) return { ...base, kind: 'group', fields: fieldsOf(s, doc, `${prefix}${name}.`), default: s.default };
    return { ...base, kind: 'text', minLength: s.minLength, maxLength: s.maxLength };
  });
  // Required attributes first, then the schema's own order.
  return [...fields.filter((f) => f.required), ...fields.filter((f) => !f.required)];
}

export function workloadFields(doc: OpenApiDocument): Field[] {
  return fieldsOf(workloadSchema(doc), doc);
}

/** Every leaf field, groups flattened. */
export function leafFields(fields: Field[]): Field[] {
  return fields.flatMap((f) => (f.kind === 'group' ? leafFields(f.fields) : [f]));
}
