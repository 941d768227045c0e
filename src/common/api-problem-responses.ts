import { applyDecorators } from '@nestjs/common';
import { ApiHeader, ApiResponse } from '@nestjs/swagger';

const problem = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };

/** Documents the problem+json answers an endpoint can give, by status. */
export const ApiProblems = (...statuses: number[]) => applyDecorators(...statuses.map((status) => ApiResponse({ status, description: PROBLEM_DESCRIPTIONS[status] ?? 'Problem', content: problem })));

/** The document entry of a problem status, for operations documented outside a controller. */
export const problemResponse = (status: number) => ({ description: PROBLEM_DESCRIPTIONS[status] ?? 'Problem', content: problem });

const PROBLEM_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input; errors[] names each field',
  401: 'Missing or unknown API key',
  403: "The key's role may not do this",
  404: 'Not found (or not visible to this key)',
  409: 'Conflicts with the current state',
  412: 'If-Match does not match the current ETag',
  413: 'Body over the limit: 2 MB for matrix documents, 256 KB elsewhere; detail states which',
  422: 'Understood but not acceptable; errors[] says why',
  415: 'Content type not accepted here',
  428: 'If-Match is required',
  429: 'Too many requests; Retry-After says when to try again',
  503: 'The database or matrix is not available; the request was not acknowledged',
};

/** A GET that carries an ETag and answers If-None-Match with 304. */
export const ApiConditionalGet = () =>
  applyDecorators(ApiHeader({ name: 'If-None-Match', required: false, description: 'ETag of a copy the client holds; 304 when it is still current' }), ApiResponse({ status: 304, description: 'Not modified: the copy with this ETag is current' }));
