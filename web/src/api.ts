import type { Problem } from './types.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem | undefined,
  ) {
    super(problem ? `${problem.title}: ${problem.detail}` : `The service answered ${status}`);
  }
}

const KEY_ITEM = 'placement-explorer.api-key';

/** The key lives for this tab only: sessionStorage, never the URL or localStorage. */
export const storedKey = (): string => sessionStorage.getItem(KEY_ITEM) ?? '';
export const storeKey = (key: string): void => (key ? sessionStorage.setItem(KEY_ITEM, key) : sessionStorage.removeItem(KEY_ITEM));

interface Request {
  method?: 'GET' | 'POST';
  body?: unknown;
  accept?: string;
  /** Public routes (the OpenAPI document) go without a key. */
  anonymous?: boolean;
}

async function send(path: string, request: Request): Promise<Response> {
  const headers: Record<string, string> = { accept: request.accept ?? 'application/json' };
  const key = storedKey();
  if (!request.anonymous && key) headers['x-api-key'] = key;
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(path, { method: request.method ?? 'GET', headers, body: request.body === undefined ? undefined : JSON.stringify(request.body), credentials: 'omit' });
  if (!response.ok) {
    const type = response.headers.get('content-type') ?? '';
    const problem = type.includes('json') ? ((await response.json().catch(() => undefined)) as Problem | undefined) : undefined;
    throw new ApiError(response.status, problem);
  }
  return response;
}

export async function api<T>(path: string, request: Request = {}): Promise<T> {
  return (await (await send(path, request)).json()) as T;
}

/** Fetches with the key and hands the body to the browser as a download (a link cannot carry the key). */
export async function download(path: string, accept: string, filename: string): Promise<void> {
  const blob = await (await send(path, { accept })).blob();
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export const describeError = (error: unknown): string => (error instanceof Error ? error.message : String(error));
