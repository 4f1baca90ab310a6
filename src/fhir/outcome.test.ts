import { describe, expect, it } from 'vitest';
import { DomainError, type ErrorCode } from '../core/shared/index.ts';
import { informationOutcome, outcomeOf } from './outcome.ts';

describe('outcomeOf', () => {
  it.each([
    ['not_found', 'not-found'],
    ['forbidden', 'forbidden'],
    ['invalid', 'invalid'],
    ['conflict', 'conflict'],
    ['precondition_failed', 'conflict'],
    ['unauthenticated', 'login'],
    ['too_many_requests', 'throttled'],
    ['unavailable', 'transient'],
  ] as const)('%s -> %s', (code: ErrorCode, issue) => {
    expect(outcomeOf(new DomainError(code, 'Patient p1 was not found'))).toEqual({
      resourceType: 'OperationOutcome',
      issue: [{ severity: 'error', code: issue, diagnostics: 'Patient p1 was not found' }],
    });
  });

  it('gives one issue per field with its path as expression; non-FHIR paths carry none', () => {
    const o = outcomeOf(new DomainError('invalid', 'Bad', { issues: [{ path: 'Patient.name[0].family', message: 'too long' }, { path: 'headers.idempotency-key', message: 'invalid format' }, { path: '(body)', message: 'x' }] }));
    expect(o.issue).toEqual([
      { severity: 'error', code: 'invalid', diagnostics: 'Bad: Patient.name[0].family too long', expression: ['Patient.name[0].family'] },
      { severity: 'error', code: 'invalid', diagnostics: 'Bad: headers.idempotency-key invalid format' },
      { severity: 'error', code: 'invalid', diagnostics: 'Bad: (body) x' },
    ]);
  });

  it('refines the code: duplicates, and an explicit FHIR issue type', () => {
    expect(outcomeOf(new DomainError('conflict', 'Possible duplicate', { details: { duplicates: [] } })).issue[0]!.code).toBe('duplicate');
    expect(outcomeOf(new DomainError('invalid', 'x', { details: { fhirIssueCode: 'structure' } })).issue[0]!.code).toBe('structure');
    expect(outcomeOf(new DomainError('invalid', 'x', { details: { fhirIssueCode: 'made-up' } })).issue[0]!.code).toBe('invalid');
  });

  it('lists notes as warnings of a successful outcome', () => {
    expect(informationOutcome('Patient saved', [{ path: 'Patient.telecom[1]', message: 'not stored' }]).issue).toEqual([
      { severity: 'information', code: 'informational', diagnostics: 'Patient saved' },
      { severity: 'warning', code: 'informational', diagnostics: 'Patient.telecom[1]: not stored', expression: ['Patient.telecom[1]'] },
    ]);
  });
});
