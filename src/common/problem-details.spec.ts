import { BadRequestException, HttpException, NotFoundException, type ValidationError } from '@nestjs/common';
import { EngineError } from '../engine/index.js';
import { AppError } from './app-error.js';
import { toProblem } from './problem-details.filter.js';
import { flattenValidationErrors } from './validation.js';

describe('toProblem', () => {
  it('maps an application error by its code, keeping field errors and extensions', () => {
    const problem = toProblem(new AppError('MATRIX_EXAMPLES_FAILED', '1 of 8 examples fail', [{ path: 'examples[2].expected', message: 'x' }], { failures: [{ id: 'a' }] }), '/v1/matrices/x/publish');
    expect(problem).toEqual({
      type: '/problems/matrix-examples-failed',
      title: 'The matrix does not pass its own examples',
      status: 422,
      detail: '1 of 8 examples fail',
      instance: '/v1/matrices/x/publish',
      errors: [{ path: 'examples[2].expected', message: 'x' }],
      failures: [{ id: 'a' }],
    });
  });

  it('maps engine errors: an invalid matrix is 422, an invalid workload 400', () => {
    expect(toProblem(new EngineError('MATRIX_INVALID', 'bad', [{ path: 'criteria[0]', message: 'm' }]))).toMatchObject({ status: 422, type: '/problems/matrix-invalid', errors: [{ path: 'criteria[0]', message: 'm' }] });
    expect(toProblem(new EngineError('WORKLOAD_INVALID', 'bad'))).toMatchObject({ status: 400, type: '/problems/validation-failed' });
  });

  it('recognises Fastify rejections wrapped by Nest', () => {
    const tooLarge = new HttpException('Request body is too large', 413, { cause: Object.assign(new Error('too large'), { code: 'FST_ERR_CTP_BODY_TOO_LARGE', statusCode: 413 }) });
    expect(toProblem(tooLarge)).toMatchObject({ status: 413, type: '/problems/body-too-large' });
  });

  it('gives plain HTTP errors about:blank and the status phrase', () => {
    expect(toProblem(new NotFoundException('Cannot GET /x'))).toMatchObject({ type: 'about:blank', title: 'Not Found', status: 404, detail: 'Cannot GET /x' });
    expect(toProblem(new BadRequestException(['a', 'b']))).toMatchObject({ status: 400, detail: 'a; b' });
  });

  it('hides everything about an unexpected error', () => {
    const problem = toProblem(new TypeError('secret internals at /srv/app.js:12'));
    expect(problem).toEqual({ type: '/problems/internal-error', title: 'Internal server error', status: 500, detail: 'The server failed to answer; the incident has been logged.', instance: undefined });
  });
});

describe('flattenValidationErrors', () => {
  it('turns nested class-validator errors into paths with indexes', () => {
    const errors = [
      { property: 'workloads', children: [{ property: '3', children: [{ property: 'scale', children: [{ property: 'instances', constraints: { min: 'instances must not be less than 1' }, children: [] }] }] }] },
      { property: 'colour', constraints: { whitelistValidation: 'property colour should not exist' }, children: [] },
    ] as unknown as ValidationError[];
    expect(flattenValidationErrors(errors)).toEqual([
      { path: 'workloads[3].scale.instances', message: 'workloads[3].scale.instances must not be less than 1' },
      { path: 'colour', message: 'colour is not a known field' },
    ]);
  });
});
