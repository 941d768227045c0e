import { ValidationPipe, type ArgumentMetadata, type Type, type ValidationError, type ValidationPipeOptions } from '@nestjs/common';
import type { ValidateFunction } from 'ajv';
import { AppError, type FieldProblem } from './app-error.js';
import { compileBodyValidators } from './compiled-body-validation.js';
import { OBJECT_ITEMS_RULE } from './field-decorators.js';

/** Item problems listed at most this many times for one array; the rest are alike. */
const MAX_ITEM_PROBLEMS = 20;

/** Flattens class-validator's tree into `workloads[3].scale.instances`-style paths. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldProblem[] {
  const problems = errors.flatMap((error) => {
    const segment = /^\d+$/.test(error.property) ? `[${error.property}]` : parent ? `.${error.property}` : error.property;
    const path = `${parent}${segment}`;
    const own = Object.entries(error.constraints ?? {}).flatMap(([rule, message]): FieldProblem[] => {
      // Arrays, null and primitives where an object belongs get one message, at the item's own path.
      if (rule === 'nestedValidation') return [{ path, message: `${path} must be an object` }];
      if (rule === OBJECT_ITEMS_RULE)
        return message
          .split(',')
          .slice(0, MAX_ITEM_PROBLEMS)
          .map((index) => ({ path: `${path}[${index}]`, message: `${path}[${index}] must be an object` }));
      // class-validator starts messages with the bare property name; the full path is what helps.
      return [{ path, message: rule === 'whitelistValidation' ? `${path} is not a known field` : message.replace(/^\S+ /, `${path} `) }];
    });
    return [...own, ...flattenValidationErrors(error.children ?? [], path)];
  });
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.path}\u0000${p.message}`;
    return !seen.has(key) && Boolean(seen.add(key));
  });
}

/**
 * For the body DTOs it was given, a schema compiled from the same DTOs decides first; a valid body
 * goes on as the plain object it is, without class-transformer and class-validator (the services
 * read plain data, which normalizeWorkload parses, and these DTOs convert no values). Anything else takes the class-validator path,
 * whose messages and field paths are the API's. Accepted query strings are remembered (transformQuery).
 */
class CompiledBodyValidationPipe extends ValidationPipe {
  /** Accepted query strings by DTO, converted: a handful of shapes (`?dryRun=true`) repeat on every request. */
  private readonly queries = new Map<Type, Map<string, object>>();

  constructor(
    options: ValidationPipeOptions,
    private readonly compiled: Map<Type, ValidateFunction>,
  ) {
    super(options);
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'query' && metadata.metatype) return this.transformQuery(value, metadata, metadata.metatype);
    const isValid = metadata.type === 'body' && metadata.metatype ? this.compiled.get(metadata.metatype) : undefined;
    // A body the schema refuses may still pass class-validator: one with a key the class-validator path
    // drops without a word (constructor, toString...) is accepted there, as before.
    if (isValid?.(value)) return value;
    if (metadata.type === 'body' && this.toValidate(metadata) && (value === null || typeof value !== 'object' || Array.isArray(value))) {
      // Else class-validator would list every field of the DTO as missing.
      throw new AppError('VALIDATION_FAILED', 'The body must be a JSON object.', [{ path: 'body', message: 'the body must be a JSON object' }]);
    }
    return super.transform(value, metadata);
  }

  /**
   * Query DTOs hold strings with format rules, and converting and checking them is a pure
   * function of those strings; so an accepted query is remembered, and the same query again
   * gets a copy of the same result. Refusals are not remembered: they take the full path.
   */
  private async transformQuery(value: unknown, metadata: ArgumentMetadata, type: Type): Promise<unknown> {
    const key = JSON.stringify(value);
    let accepted = this.queries.get(type);
    const known = accepted?.get(key);
    if (known) return copyOf(known);
    const result: unknown = await super.transform(value, metadata);
    // A single parameter (`@Query('name')`) converts to a primitive: nothing to copy, and cheap anyway.
    if (typeof result !== 'object' || result === null) return result;
    if (!accepted) this.queries.set(type, (accepted = new Map<string, object>()));
    if (accepted.size >= REMEMBERED_QUERIES) accepted.delete(accepted.keys().next().value!);
    accepted.set(key, Object.freeze(result));
    return copyOf(result);
  }
}

const copyOf = (dto: object): object => Object.assign(Object.create(Object.getPrototypeOf(dto) as object) as object, dto);

/** Accepted query strings kept per DTO; cursors and names vary, so older ones make way. */
const REMEMBERED_QUERIES = 256;

/** @param compiledBodies body DTOs whose valid bodies skip class-transformer and class-validator */
export function createValidationPipe(compiledBodies: Type[] = []): ValidationPipe {
  const options: ValidationPipeOptions = {
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const problems = flattenValidationErrors(errors);
      return new AppError('VALIDATION_FAILED', problems.map((p) => p.message).join('; '), problems);
    },
  };
  // Without compiled bodies it is the class-validator path alone, with the same answer to a body that is not an object.
  return new CompiledBodyValidationPipe(options, compiledBodies.length > 0 ? compileBodyValidators(compiledBodies) : new Map<Type, ValidateFunction>());
}
