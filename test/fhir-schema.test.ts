import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it, expect } from 'vitest';
import { FHIR_SCHEMA_PATH, expectValidFhir, validateFhir } from './fhir-schema.ts';

const examplesDir = path.join(path.dirname(FHIR_SCHEMA_PATH), 'examples');
const examples = readdirSync(examplesDir).filter((f) => f.endsWith('.json')).sort();

// Official examples known to fail the official schema, with the reason. None at present:
// all shipped examples validate.
const KNOWN_INVALID = new Set<string>([]);

describe('FHIR R4 schema validation helper', () => {
  it('finds the official examples', () => {
    expect(examples.length).toBeGreaterThan(50);
  });

  it.each(examples)('official example %s validates', (file) => {
    const resource: unknown = JSON.parse(readFileSync(path.join(examplesDir, file), 'utf8'));
    const { valid, errors } = validateFhir(resource);
    if (KNOWN_INVALID.has(file)) expect(valid).toBe(false);
    else expect(errors).toEqual([]);
  });

  it('rejects a Patient with gender "robot"', () => {
    const r = validateFhir({ resourceType: 'Patient', gender: 'robot' });
    expect(r.valid).toBe(false);
    expect(r.errors.join('\n')).toContain('/gender');
    expect(() => expectValidFhir({ resourceType: 'Patient', gender: 'robot' })).toThrow(/gender/);
  });

  it('rejects a Patient with an unknown property', () => {
    const r = validateFhir({ resourceType: 'Patient', id: 'p1', favouriteColour: 'blue' });
    expect(r.valid).toBe(false);
    expect(r.errors.join('\n')).toContain('favouriteColour');
  });

  it('rejects unknown or missing resourceType', () => {
    expect(validateFhir({ resourceType: 'Robot' }).valid).toBe(false);
    expect(validateFhir({ id: 'x' }).valid).toBe(false);
    expect(validateFhir('Patient').valid).toBe(false);
    expect(validateFhir(null).valid).toBe(false);
  });

  it('accepts an OperationOutcome with an issue', () => {
    expectValidFhir({
      resourceType: 'OperationOutcome',
      issue: [{ severity: 'error', code: 'invalid', diagnostics: 'birthDate is not a valid date', expression: ['Patient.birthDate'] }],
    });
  });

  it('accepts a searchset Bundle containing a Patient, and validates its entries', () => {
    const bundle = (patient: object) => ({
      resourceType: 'Bundle',
      type: 'searchset',
      total: 1,
      link: [{ relation: 'self', url: 'https://example.org/fhir/Patient?name=smith' }],
      entry: [{ fullUrl: 'https://example.org/fhir/Patient/p1', resource: patient, search: { mode: 'match' } }],
    });
    const patient = { resourceType: 'Patient', id: 'p1', name: [{ family: 'Smith', given: ['Ann'] }], gender: 'female', birthDate: '1970-01-01' };
    expectValidFhir(bundle(patient));
    const bad = validateFhir(bundle({ ...patient, gender: 'robot' }));
    expect(bad.valid).toBe(false);
    expect(bad.errors[0]).toMatch(/^\/entry\/0\/resource\/gender/);
    expect(validateFhir(bundle({ ...patient, resourceType: 'NotAType' })).valid).toBe(false);
  });

  it('validates contained resources', () => {
    const obs = { resourceType: 'Observation', status: 'final', code: { text: 'x' }, subject: { reference: '#p' } };
    expectValidFhir({ ...obs, contained: [{ resourceType: 'Patient', id: 'p' }] });
    expect(validateFhir({ ...obs, contained: [{ resourceType: 'Patient', id: 'p', gender: 'robot' }] }).errors[0]).toMatch(
      /^\/contained\/0\/gender/,
    );
  });
});
