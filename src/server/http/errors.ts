import type { FastifyError } from 'fastify';
import { ZodError } from 'zod';
import { DomainError, type ErrorCode, type FieldIssue } from '../../core/shared/index.ts';

/** The one mapping from domain error codes to HTTP status. */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  not_found: 404,
  forbidden: 403,
  invalid: 400,
  conflict: 409,
  precondition_failed: 412,
  unavailable: 503,
  unauthenticated: 401,
  too_many_requests: 429,
};

export interface ErrorBody {
  error: { code: string; message: string; issues: FieldIssue[]; details?: Record<string, unknown> };
}

/** Field path as `a.b[0].c`. */
export const pathOf = (path: PropertyKey[]): string =>
  path.reduce<string>((acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : acc ? `${acc}.${String(k)}` : String(k)), '');

/** Zod issues as field issues; messages never carry the received value. */
export const zodIssues = (e: ZodError, prefix = ''): FieldIssue[] =>
  e.issues.map((i) => ({
    path: pathOf([...(prefix ? [prefix] : []), ...i.path]) || prefix || '(root)',
    message: i.code === 'unrecognized_keys' ? `unknown field(s): ${i.keys.join(', ')}` : i.message,
  }));

/**
 * Maps any thrown value to a status and body. Bad input is always 4xx with the field path; only a
 * fault of ours is 500, and its message says nothing about the request.
 */
export const toHttpError = (e: unknown): { status: number; body: ErrorBody; internal: boolean } => {
  if (e instanceof DomainError) {
    const details = Object.keys(e.details).length ? e.details : undefined;
    return { status: HTTP_STATUS[e.code], body: { error: { code: e.code, message: e.message, issues: e.issues, details } }, internal: false };
  }
  if (e instanceof ZodError) {
    return { status: 400, body: { error: { code: 'invalid', message: 'The request has invalid fields', issues: zodIssues(e) } }, internal: false };
  }
  const fe = e as Partial<FastifyError>;
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    const message =
      fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
        ? 'The request body is too large'
        : fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
          ? 'Send the body as application/json'
          : fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
            ? 'The JSON body is empty'
            : fe.statusCode === 400 && /JSON/i.test(fe.message ?? '')
              ? 'The body is not valid JSON'
              : (fe.message ?? 'Bad request');
    const code = fe.statusCode === 413 ? 'invalid' : fe.statusCode === 415 ? 'invalid' : fe.statusCode === 404 ? 'not_found' : 'invalid';
    return { status: fe.statusCode, body: { error: { code, message, issues: [{ path: '(body)', message }] } }, internal: false };
  }
  return { status: 500, body: { error: { code: 'internal', message: 'Something went wrong on our side; the request was not completed. Try again, and tell the administrator if it persists.', issues: [] } }, internal: true };
};
