/** A field-level problem reported to the caller: `path` is where in the request it sits. */
export interface FieldProblem {
  path: string;
  message: string;
}

/**
 * The stable codes an application service may raise. The problem+json filter maps each to
 * an HTTP status and a problem type; services never speak HTTP themselves.
 */
export type AppErrorCode =
  | 'VALIDATION_FAILED'
  | 'EVALUATION_NOT_FOUND'
  | 'MATRIX_NOT_FOUND'
  | 'MATRIX_VERSION_UNKNOWN'
  | 'MATRIX_VERSION_EXISTS'
  | 'MATRIX_NOT_DRAFT'
  | 'MATRIX_NOT_PUBLISHED'
  | 'MATRIX_ACTIVE'
  | 'MATRIX_EXAMPLES_FAILED'
  | 'MATRIX_DRAFT_NEEDS_DRY_RUN'
  | 'MATRIX_VERSION_MISMATCH'
  | 'PRECONDITION_REQUIRED'
  | 'PRECONDITION_FAILED'
  | 'NO_ACTIVE_MATRIX'
  | 'API_KEY_EXISTS'
  | 'API_KEY_NOT_FOUND'
  | 'NAME_RESERVED'
  | 'TOO_MANY_CONCURRENT'
  | 'STORAGE_QUOTA_EXCEEDED'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'BODY_TOO_COMPLEX'
  | 'MALFORMED_BODY'
  | 'EMPTY_BODY'
  | 'DATABASE_UNAVAILABLE';

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly errors?: FieldProblem[],
    /** Extra members for the problem document, such as failing examples. */
    readonly extensions?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}
