import { ValidationPipe, type ArgumentMetadata, type Type, type ValidationError, type ValidationPipeOptions } from '@nestjs/common';
import type { ValidateFunction } from 'ajv';
import { AppError, type FieldProblem } from './app-error.js';
import { compileBodyValidators } from './compiled-body-validation.js';

/** Flattens class-validator's tree into `workloads[3].scale.instances`-style paths. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const segment = /^\d+$/.test(error.property) ? `[${error.property}]` : parent ? `.${error.property}` : error.property;
    const path = `${parent}${segment}`;
    const own = Object.entries(error.constraints ?? {}).map(([rule, message]) => ({
      path,
      // class-validator starts messages with the bare property name; the full path is what helps.
      message: rule === 'whitelistValidation' ? `${path} is not a known field` : message.replace(/^\S+ /, `${path} `),
    }));
    return [...own, ...flattenValidationErrors(error.children ?? [], path)];
  });
}

/**
 * For the body DTOs it was given, a schema compiled from the same DTOs decides first; a valid body
 * goes on as the plain object it is, without class-transformer and class-validator (the services
 * read plain data, which normalizeWorkload parses, and these DTOs convert no values). Anything else takes the class-validator path,
 * whose messages and field paths are the API's.
 */
class CompiledBodyValidationPipe extends ValidationPipe {
  constructor(
    options: ValidationPipeOptions,
    private readonly compiled: Map<Type, ValidateFunction>,
  ) {
    super(options);
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const isValid = metadata.type === 'body' && metadata.metatype ? this.compiled.get(metadata.metatype) : undefined;
    // A body the schema refuses may still pass class-validator: one with a key the class-validator path
    // drops without a word (constructor, toString...) is accepted there, as before.
    if (isValid?.(value)) return value;
    return super.transform(value, metadata);
  }
}

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
  return compiledBodies.length > 0 ? new CompiledBodyValidationPipe(options, compileBodyValidators(compiledBodies)) : new ValidationPipe(options);
}
