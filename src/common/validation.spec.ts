import 'reflect-metadata';
import fc from 'fast-check';
import { EvaluateQueryDto, ListEvaluationsQueryDto } from '../evaluations/dto/evaluation-query.dto.js';
import { AppError } from './app-error.js';
import { createValidationPipe } from './validation.js';

const query = (metatype: new () => object) => ({ type: 'query' as const, metatype, data: undefined });
const outcome = (work: Promise<unknown>) =>
  work.then(
    (value) => ({ ok: true, value: { ...(value as object) }, type: (value as object).constructor.name }),
    (error: unknown) => ({ ok: false, value: error instanceof AppError ? error.message : String(error), type: 'error' }),
  );

describe('the validation pipe on query strings', () => {
  const queries = fc.record(
    { dryRun: fc.constantFrom('true', 'false', 'yes', ''), matrixVersion: fc.constantFrom('2026.2', 'x'.repeat(80), 'bad version!'), limit: fc.constantFrom('5', '0', '101', 'ten'), workload: fc.string({ maxLength: 5 }) },
    { requiredKeys: [] },
  );

  it('answers a repeated query exactly as class-validator does, however often it is asked', async () => {
    const plain = createValidationPipe();
    const remembering = createValidationPipe([EvaluateQueryDto]);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(EvaluateQueryDto, ListEvaluationsQueryDto), queries, async (dto, value) => {
        const expected = await outcome(plain.transform({ ...value }, query(dto)));
        for (let i = 0; i < 3; i++) expect(await outcome(remembering.transform({ ...value }, query(dto)))).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('hands each request its own copy of a remembered result', async () => {
    const pipe = createValidationPipe([EvaluateQueryDto]);
    const first = (await pipe.transform({ dryRun: 'true' }, query(EvaluateQueryDto))) as EvaluateQueryDto;
    first.dryRun = false;
    const second = (await pipe.transform({ dryRun: 'true' }, query(EvaluateQueryDto))) as EvaluateQueryDto;
    expect(second).toBeInstanceOf(EvaluateQueryDto);
    expect(second.dryRun).toBe(true);
  });
});
