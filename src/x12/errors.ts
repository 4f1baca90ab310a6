import { DomainError } from '../core/shared/index.ts';

/** Why an interchange could not be read; machine codes, stable across releases. */
export const X12ErrorCode = {
  /** The text does not start with a well-formed 106-character ISA segment. */
  badIsa: 'bad_isa',
  /** A segment is empty, unterminated or has an id that is not 2-3 upper-case letters or digits. */
  badSegment: 'bad_segment',
  /** ISA/GS/ST...SE/GE/IEA are missing, nested wrongly or followed by stray data. */
  badEnvelope: 'bad_envelope',
  /** SE01, GE01 or IEA01 does not match what the envelope holds. */
  countMismatch: 'count_mismatch',
  /** SE02, GE02 or IEA02 does not repeat the header's control number. */
  controlNumberMismatch: 'control_number_mismatch',
  /** A required element is empty. */
  missingElement: 'missing_element',
  /** An element holds a value its position does not allow (date, amount, code, delimiter). */
  badValue: 'bad_value',
  /** A segment the transaction's loop structure does not allow at that place. */
  unexpectedSegment: 'unexpected_segment',
  /** A transaction set of another kind than the reader handles. */
  wrongTransaction: 'wrong_transaction',
} as const;
export type X12ErrorCode = (typeof X12ErrorCode)[keyof typeof X12ErrorCode];

/**
 * Where in an interchange a problem sits. `position` is the 1-based ordinal of the segment in
 * the interchange (the ISA is 1); `elementIndex` is the X12 element number (ISA16 is 16).
 */
export interface X12Location {
  position: number;
  /** The segment id, or '' when the segment's id is itself unreadable. */
  segmentId: string;
  elementIndex?: number;
}

/** A problem found while reading, reported rather than thrown (lenient envelope checks). */
export interface X12Issue extends X12Location {
  code: X12ErrorCode;
  /** The rule broken; never contains element values (they can hold patient data). */
  reason: string;
  /** The reason with its place: `X12 segment 10 (SE) element SE02: ...`. */
  message: string;
}

const SEGMENT_ID = /^[A-Z][A-Z0-9]{1,2}$/;

/** The segment id if it looks like one, else '' so that stray patient text never reaches a message. */
export const safeSegmentId = (id: string): string => (SEGMENT_ID.test(id) ? id : '');

/** Formats a location the way people read X12: `segment 12 (EB) element EB03`. */
export const describeLocation = (at: X12Location): string => {
  const id = safeSegmentId(at.segmentId);
  const seg = `segment ${at.position}${id ? ` (${id})` : ''}`;
  if (at.elementIndex === undefined) return seg;
  return `${seg} element ${id ? `${id}${String(at.elementIndex).padStart(2, '0')}` : `#${at.elementIndex}`}`;
};

/**
 * A malformed interchange. A DomainError of code `invalid`, so every edge maps it like other
 * bad input (HTTP 400, CLI exit 2); the message names the place and the rule, never a value.
 */
export class X12Error extends DomainError {
  readonly x12Code: X12ErrorCode;
  readonly position: number;
  readonly segmentId: string;
  readonly elementIndex?: number;
  readonly reason: string;

  constructor(code: X12ErrorCode, at: X12Location, reason: string) {
    const issue = x12Issue(code, at, reason);
    super('invalid', issue.message, { details: { x12Code: code, position: issue.position, segmentId: issue.segmentId, elementIndex: issue.elementIndex } });
    this.name = 'X12Error';
    this.x12Code = code;
    this.position = issue.position;
    this.segmentId = issue.segmentId;
    this.reason = reason;
    if (issue.elementIndex !== undefined) this.elementIndex = issue.elementIndex;
  }

  /** The same problem as a reported issue. */
  toIssue(): X12Issue {
    return x12Issue(this.x12Code, this, this.reason);
  }
}

/** Builds a located issue; the position is at least 1 and an unreadable segment id is blanked. */
export const x12Issue = (code: X12ErrorCode, at: X12Location, reason: string): X12Issue => {
  const where: X12Location = { position: Math.max(1, Math.trunc(at.position) || 1), segmentId: safeSegmentId(at.segmentId) };
  if (at.elementIndex !== undefined) where.elementIndex = at.elementIndex;
  return { code, ...where, reason, message: `X12 ${describeLocation(where)}: ${reason}` };
};

/** The issue as a throwable X12Error. */
export const issueToError = (issue: X12Issue): X12Error => new X12Error(issue.code, issue, issue.reason);
