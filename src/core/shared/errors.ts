/** The closed set of failure codes every edge maps once (HTTP status, FHIR OperationOutcome, CLI exit code). */
export const ErrorCode = {
  notFound: 'not_found',
  forbidden: 'forbidden',
  invalid: 'invalid',
  conflict: 'conflict',
  preconditionFailed: 'precondition_failed',
  unavailable: 'unavailable',
  unauthenticated: 'unauthenticated',
  tooManyRequests: 'too_many_requests',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** One field-level problem: a path into the input and a message that never echoes the value. */
export interface FieldIssue {
  path: string;
  message: string;
}

/**
 * The one error type of the domain. Messages name the operation and ids, never patient data.
 * `details` carries machine-readable extras (field issues, candidate ids, retry-after seconds).
 */
export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly issues: FieldIssue[];
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, opts: { issues?: FieldIssue[]; details?: Record<string, unknown> } = {}) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.issues = opts.issues ?? [];
    this.details = opts.details ?? {};
  }
}

export const notFound = (what: string, id?: string): DomainError =>
  new DomainError('not_found', id ? `${what} ${id} was not found` : `${what} was not found`);
export const forbidden = (action: string): DomainError =>
  new DomainError('forbidden', `Your role does not allow ${action}`);
export const invalid = (message: string, issues: FieldIssue[] = []): DomainError =>
  new DomainError('invalid', message, { issues });
export const conflict = (message: string, details: Record<string, unknown> = {}): DomainError =>
  new DomainError('conflict', message, { details });

export const isDomainError = (e: unknown): e is DomainError => e instanceof DomainError;
