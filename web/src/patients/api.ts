import type { Coverage, CoverageInput, Patient, PatientInput, PatientUpdate } from '../../../src/core/patients/patient.ts';
import type { Payer } from '../../../src/core/reference/reference.ts';
import { api, newIdempotencyKey } from '../shell/api.ts';
import { cached } from '../shell/session.tsx';

export type { Coverage, CoverageInput, Patient, PatientInput, PatientUpdate, Payer };

export interface PatientQuery {
  q?: string;
  name?: string;
  birthDate?: string;
  phone?: string;
  mrn?: string;
  memberId?: string;
  limit?: number;
  offset?: number;
}

export interface DuplicateMatch {
  patientId: string;
  score: number;
  reasons: string[];
}

export interface HistoryEntry {
  version: number;
  changedAt: string;
  changedBy: string;
  change: string;
}

export interface Disclosure {
  id: string;
  patientId: string;
  disclosedOn: string;
  recipient: string;
  purpose: string;
  description: string;
  recordedBy: string;
  recordedAt: string;
}

/** Search terms travel in the POST body, never in the URL. */
export const searchPatients = (q: PatientQuery, signal?: AbortSignal): Promise<Patient[]> =>
  api<{ patients: Patient[] }>('POST', '/api/patients/search', q, { signal }).then((r) => r.patients);

export const getPatient = (id: string, signal?: AbortSignal): Promise<Patient> => api<Patient>('GET', `/api/patients/${encodeURIComponent(id)}`, undefined, { signal });

export const createPatient = (input: PatientInput, idempotencyKey = newIdempotencyKey()): Promise<Patient> =>
  api<Patient>('POST', '/api/patients', input, { headers: { 'idempotency-key': idempotencyKey } });

export const updatePatient = (id: string, patch: PatientUpdate): Promise<Patient> => api<Patient>('PATCH', `/api/patients/${encodeURIComponent(id)}`, patch);

export const unmaskSsn = (id: string, reason: string): Promise<{ ssn: string | null }> => api('POST', `/api/patients/${encodeURIComponent(id)}/ssn`, { reason });

export const patientHistory = (id: string, signal?: AbortSignal): Promise<HistoryEntry[]> =>
  api<{ history: HistoryEntry[] }>('GET', `/api/patients/${encodeURIComponent(id)}/history`, undefined, { signal }).then((r) => r.history);

export const patientDisclosures = (id: string, signal?: AbortSignal): Promise<Disclosure[]> =>
  api<{ disclosures: Disclosure[] }>('GET', `/api/patients/${encodeURIComponent(id)}/disclosures`, undefined, { signal }).then((r) => r.disclosures);

export const recordDisclosure = (d: Omit<Disclosure, 'id' | 'recordedBy' | 'recordedAt'>): Promise<Disclosure> => api('POST', '/api/disclosures', d);

export const addCoverage = (patientId: string, c: CoverageInput): Promise<Patient> => api('POST', `/api/patients/${encodeURIComponent(patientId)}/coverages`, c);

export const updateCoverage = (patientId: string, coverageId: string, c: CoverageInput): Promise<Patient> =>
  api('PUT', `/api/patients/${encodeURIComponent(patientId)}/coverages/${encodeURIComponent(coverageId)}`, c);

export const removeCoverage = (patientId: string, coverageId: string): Promise<Patient> =>
  api('DELETE', `/api/patients/${encodeURIComponent(patientId)}/coverages/${encodeURIComponent(coverageId)}`);

/** Merges `duplicateId` into `survivorId`, stating why they are the same person (audited). Answers the survivor. */
export const mergePatients = (survivorId: string, duplicateId: string, reason: string): Promise<Patient> =>
  api<Patient>('POST', `/api/patients/${encodeURIComponent(survivorId)}/merge`, { duplicateId, reason });

/** Records that a suspected pair is two different people; the pair's worklist item closes at the next refresh. */
export const dismissDuplicate = (patientId: string, candidateId: string): Promise<void> => api('POST', '/api/duplicates/dismiss', { patientId, candidateId });

/** The payers (reference data), read once per session. */
export const listPayers = (): Promise<Payer[]> => cached('payers', () => api<{ payers: Payer[] }>('GET', '/api/payers').then((r) => r.payers));

/** A stored coverage as the input the API takes back (for changes and reordering). */
export const coverageInputOf = (c: Coverage): CoverageInput => ({
  payerId: c.payerId,
  memberId: c.memberId,
  groupNumber: c.groupNumber,
  planName: c.planName,
  planType: c.planType,
  priority: c.priority,
  relationship: c.relationship,
  subscriberPatientId: c.subscriberPatientId,
  subscriber: c.subscriber,
  effectiveDate: c.effectiveDate,
  endDate: c.endDate,
});
