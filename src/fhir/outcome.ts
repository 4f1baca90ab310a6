import type { DomainError, ErrorCode, FieldIssue } from '../core/shared/index.ts';
import type { IssueType, OperationOutcome, OutcomeIssue } from './fhir-types.ts';

/** The one mapping from domain error codes to OperationOutcome.issue.code (R4 IssueType). */
export const ISSUE_CODE: Record<ErrorCode, IssueType> = {
  not_found: 'not-found',
  forbidden: 'forbidden',
  invalid: 'invalid',
  conflict: 'conflict',
  precondition_failed: 'conflict',
  unauthenticated: 'login',
  too_many_requests: 'throttled',
  unavailable: 'transient',
};

const ISSUE_TYPES: readonly IssueType[] = ['invalid', 'structure', 'required', 'value', 'not-supported', 'duplicate', 'too-long', 'conflict'];

/** True when a field path is a FHIRPath into a resource or a search parameter name (not `(body)`, `headers.x`). */
const isExpression = (path: string): boolean => /^[A-Za-z_][A-Za-z0-9_-]*([.[]|$)/.test(path) && !path.startsWith('headers.') && path !== 'If-Match';

const issueCodeOf = (e: DomainError): IssueType => {
  const override = e.details.fhirIssueCode;
  if (typeof override === 'string' && (ISSUE_TYPES as readonly string[]).includes(override)) return override as IssueType;
  if (e.code === 'conflict' && Array.isArray(e.details.duplicates)) return 'duplicate';
  return ISSUE_CODE[e.code];
};

/** An OperationOutcome of the given issues. */
export const operationOutcome = (issue: OutcomeIssue[]): OperationOutcome => ({ resourceType: 'OperationOutcome', issue });

/**
 * A DomainError as an OperationOutcome: severity error, diagnostics the message, one issue per
 * field issue with its path as the expression. `details.fhirIssueCode` may refine the code
 * (structure, required, not-supported, ...) within the closed R4 set.
 */
export const outcomeOf = (e: DomainError): OperationOutcome => {
  const code = issueCodeOf(e);
  if (!e.issues.length) return operationOutcome([{ severity: 'error', code, diagnostics: e.message }]);
  return operationOutcome(
    e.issues.map((i) => ({
      severity: 'error',
      code,
      diagnostics: i.message === e.message ? e.message : `${e.message}: ${i.path} ${i.message}`,
      ...(isExpression(i.path) ? { expression: [i.path] } : {}),
    })),
  );
};

/** Notes about input that was read but not stored, as information issues of a successful outcome. */
export const informationOutcome = (message: string, notes: FieldIssue[]): OperationOutcome =>
  operationOutcome([
    { severity: 'information', code: 'informational', diagnostics: message },
    ...notes.map((n): OutcomeIssue => ({ severity: 'warning', code: 'informational', diagnostics: `${n.path}: ${n.message}`, expression: [n.path] })),
  ]);
