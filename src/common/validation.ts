import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { AppError, type FieldProblem } from './app-error.js';

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

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const problems = flattenValidationErrors(errors);
      return new AppError('VALIDATION_FAILED', problems.map((p) => p.message).join('; '), problems);
    },
  });
}
