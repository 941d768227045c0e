/** One problem found in a matrix document or a workload, with the JSON path it sits at. */
export interface ValidationProblem {
  path: string;
  message: string;
}

export type EngineErrorCode = 'MATRIX_INVALID' | 'WORKLOAD_INVALID' | 'MANIFEST_INVALID';

/**
 * Raised by the engine when its input is unusable. `code` is stable and is what callers
 * (the HTTP filter, the CLI) switch on; `problems` lists every offending path.
 */
export class EngineError extends Error {
  constructor(
    readonly code: EngineErrorCode,
    message: string,
    readonly problems: ValidationProblem[] = [],
  ) {
    super(message);
    this.name = 'EngineError';
  }
}

/** Renders a zod-style path (['rules', 3, 'when']) as `rules[3].when`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || '(root)';
}
