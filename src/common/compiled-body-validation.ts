import type { Type } from '@nestjs/common';
import { generateSchema } from '@nestjs/swagger';
import { Ajv, type SchemaObject, type ValidateFunction } from 'ajv';

type OpenApiSchema = Record<string, unknown>;

/**
 * The JSON Schema of a body DTO, from the OpenAPI schemas Nest's swagger module builds for the
 * class: the same factory that writes openapi.yaml, so the document and the validator cannot drift.
 */
export function bodySchemaOf(type: Type): SchemaObject {
  const { schemas } = generateSchema(type);
  const definitions = Object.fromEntries(Object.entries(schemas).map(([name, schema]) => [name, toJsonSchema(schema as OpenApiSchema)]));
  return { ...definitions[type.name], definitions };
}

/** OpenAPI 3.0 differs from the JSON Schema ajv reads in two places: its $ref targets and its boolean exclusive bounds. */
function toJsonSchema(schema: OpenApiSchema): OpenApiSchema {
  const out: OpenApiSchema = { ...schema };
  if (typeof out.$ref === 'string') out.$ref = out.$ref.replace('#/components/schemas/', '#/definitions/');
  for (const [exclusive, bound] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    if (out[exclusive] === true) {
      out[exclusive] = out[bound];
      delete out[bound];
    } else if (out[exclusive] === false) delete out[exclusive];
  }
  // Only the places that hold schemas: default and example hold data, which must stay as it is.
  if (out.properties) out.properties = Object.fromEntries(Object.entries(out.properties as Record<string, OpenApiSchema>).map(([name, s]) => [name, toJsonSchema(s)]));
  if (out.items) out.items = toJsonSchema(out.items as OpenApiSchema);
  if (typeof out.additionalProperties === 'object') out.additionalProperties = toJsonSchema(out.additionalProperties as OpenApiSchema);
  for (const combinator of ['allOf', 'anyOf', 'oneOf'] as const) if (Array.isArray(out[combinator])) out[combinator] = (out[combinator] as OpenApiSchema[]).map(toJsonSchema);
  if (out.not) out.not = toJsonSchema(out.not as OpenApiSchema);
  return out;
}

function createAjv(): Ajv {
  // Strict: a keyword ajv does not know fails the compilation instead of being skipped, so a
  // constraint the DTOs gain in the document cannot go unchecked on the fast path.
  const ajv = new Ajv({ strict: true, allErrors: false });
  ajv.addKeyword({ keyword: 'example' });
  ajv.addKeyword({
    keyword: 'x-minimum-field',
    type: 'number',
    schemaType: 'string',
    errors: false,
    // As the DTO's rule: only when both are numbers (a wrong type fails its own keyword).
    validate: (field: string, value: number, _schema: unknown, context?: { parentData: Record<string, unknown> }) => {
      const other = context?.parentData[field];
      return typeof other !== 'number' || value >= other;
    },
  });
  return ajv;
}

const compiledByType = new Map<Type, ValidateFunction>();
let sharedAjv: Ajv | undefined;

/**
 * One compiled validator per body DTO, built once per process (the classes never change, and the
 * first compilation, with ajv's meta-schema check, takes tens of milliseconds). It answers only
 * valid or not; the messages are class-validator's.
 */
export function compileBodyValidators(types: Type[]): Map<Type, ValidateFunction> {
  return new Map(
    types.map((type) => {
      let validate = compiledByType.get(type);
      if (!validate) {
        sharedAjv ??= createAjv();
        validate = sharedAjv.compile(bodySchemaOf(type));
        compiledByType.set(type, validate);
      }
      return [type, validate];
    }),
  );
}
