import fc from 'fast-check';

type Schema = {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  minItems?: number;
  maxItems?: number;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  format?: string;
  additionalProperties?: boolean | Schema;
  nullable?: boolean;
};

/**
 * Values that satisfy an OpenAPI schema of openapi.yaml (the subset Nest's swagger module
 * writes), so the fuzzing starts from bodies the service should accept and then breaks them.
 */
export function fromSchema(schema: Schema, components: Record<string, Schema>, depth = 0): fc.Arbitrary<unknown> {
  if (schema.$ref) return fromSchema(components[schema.$ref.split('/').pop()!], components, depth);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  switch (schema.type) {
    case 'string':
      if (schema.format === 'date-time') return fc.date({ min: new Date(Date.now() + 86_400_000), max: new Date(Date.now() + 300 * 86_400_000), noInvalidDate: true }).map((d) => d.toISOString());
      return fc.string({ minLength: Math.max(1, schema.minLength ?? 1), maxLength: Math.min(schema.maxLength ?? 40, 40) }).map((s) => s.replace(/[^A-Za-z0-9._-]/g, 'x'));
    case 'integer':
      return fc.integer({ min: schema.minimum ?? 0, max: Math.min(schema.maximum ?? 1000, 1000) });
    case 'number':
      return fc.double({ min: Math.max(schema.minimum ?? 0, 0.001), max: Math.min(schema.maximum ?? 1000, 1000), noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(depth > 3 ? fc.constant(null) : fromSchema(schema.items ?? {}, components, depth + 1), { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 3, 3) });
    case 'object': {
      if (!schema.properties) return fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 });
      const required = new Set(schema.required ?? []);
      const shape: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [name, property] of Object.entries(schema.properties)) shape[name] = depth > 3 ? fc.constant(null) : fromSchema(property, components, depth + 1);
      return fc.record(shape, { requiredKeys: [...required] as never[] });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** One way to break a valid body: a wrong type, a missing or an extra field, a hostile value, deep nesting. */
export function broken(valid: fc.Arbitrary<unknown>): fc.Arbitrary<string> {
  const hostile = fc.oneof(
    fc.constantFrom('', 'x'.repeat(70_000), '\u0000', 'constructor', '__proto__', -0, 1e308, 2 ** 53 + 2, -1, 0.5, true, null, [], {}, '\ud800'),
    fc.array(fc.constant('root'), { maxLength: 2000 }),
    fc.jsonValue({ maxDepth: 3 }),
  );
  return fc.tuple(valid, fc.nat(5), fc.string({ maxLength: 12 }), hostile, fc.integer({ min: 1, max: 3000 })).map(([value, how, field, bad, depth]) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return JSON.stringify(value);
    const body = { ...(value as Record<string, unknown>) };
    const keys = Object.keys(body);
    const target = keys.length > 0 ? keys[depth % keys.length] : field;
    switch (how) {
      case 0:
        delete body[target];
        break;
      case 1:
        body[target] = bad;
        break;
      case 2:
        Object.defineProperty(body, ['__proto__', 'constructor', 'prototype', field || 'extra'][depth % 4], { value: bad, enumerable: true, configurable: true, writable: true });
        break;
      case 3:
        return JSON.stringify(body)
          .replace(/"([^"]+)":/, `"$1":${'['.repeat(depth)}`)
          .replace(/}$/, `${']'.repeat(depth)}}`);
      case 4:
        return JSON.stringify(body).replace(/:(\d+)/, ':1e309');
      default:
        break;
    }
    return JSON.stringify(body);
  });
}
