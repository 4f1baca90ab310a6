import { friendlyMessage, type FieldIssue } from './errors.ts';

/** An API failure with a sentence for the user (what happened and what to do next). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly issues: FieldIssue[];
  readonly details: Record<string, unknown>;
  constructor(status: number, code: string, message: string, issues: FieldIssue[] = [], details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.issues = issues;
    this.details = details;
  }
}

type Listener = () => void;
const sessionEndedListeners = new Set<Listener>();
const activityListeners = new Set<Listener>();

/** Called when any API call answers 401 outside sign-in: the session ended on the server. */
export const onSessionEnded = (fn: Listener): (() => void) => {
  sessionEndedListeners.add(fn);
  return () => sessionEndedListeners.delete(fn);
};

/** Called after every successful API call (the server's idle clock restarted). */
export const onApiActivity = (fn: Listener): (() => void) => {
  activityListeners.add(fn);
  return () => activityListeners.delete(fn);
};

interface RawError {
  error?: { code?: string; message?: string; issues?: FieldIssue[]; details?: Record<string, unknown> };
}

const toApiError = async (res: Response): Promise<ApiError> => {
  let body: RawError = {};
  try {
    body = (await res.json()) as RawError;
  } catch {
    body = {};
  }
  const code = body.error?.code ?? (res.status === 404 ? 'not_found' : res.status >= 500 ? 'internal' : 'invalid');
  const issues = body.error?.issues ?? [];
  const details = body.error?.details ?? {};
  return new ApiError(res.status, code, friendlyMessage(res.status, code, body.error?.message ?? '', details), issues, details);
};

export interface RequestOptions {
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

const send = async (method: string, path: string, body: unknown, opts: RequestOptions): Promise<Response> => {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      cache: 'no-store',
      headers: { accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...opts.headers },
      body: body !== undefined ? JSON.stringify(body) : undefined,
      signal: opts.signal,
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, 'network', 'Medoffice cannot reach the server. Check the network connection, then try again.');
  }
  if (res.ok) {
    for (const fn of activityListeners) fn();
    return res;
  }
  const err = await toApiError(res);
  if (res.status === 401 && !path.startsWith('/api/auth/')) for (const fn of sessionEndedListeners) fn();
  throw err;
};

/** Calls the JSON API; resolves to the parsed body (undefined for 204). */
export const api = async <T>(method: string, path: string, body?: unknown, opts: RequestOptions = {}): Promise<T> => {
  const res = await send(method, path, body, opts);
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  return (type.includes('json') ? await res.json() : await res.text()) as T;
};

/** Calls the API for a file (CSV export); resolves to the blob and the suggested file name. */
export const apiFile = async (method: string, path: string, body?: unknown): Promise<{ blob: Blob; filename: string }> => {
  const res = await send(method, path, body, { headers: { accept: 'text/csv' } });
  const disposition = res.headers.get('content-disposition') ?? '';
  const filename = /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? 'export.csv';
  return { blob: await res.blob(), filename };
};

/** A fresh idempotency key for one create request. */
export const newIdempotencyKey = (): string => crypto.randomUUID();
