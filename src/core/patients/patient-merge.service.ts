import type { AuditLog } from '../audit/index.ts';
import type { Principal } from '../access/index.ts';
import { DomainError, invalid, type Clock, type Ids, type UnitOfWork } from '../shared/index.ts';
import type { Patient, PatientRecord } from './patient.ts';
import type { DuplicateSuspect, PatientRepo } from './patient.repo.ts';
import type { PatientsService } from './patients.service.ts';
import { phoneDigitsOf, familyKeysOf } from './patient-records.ts';

export interface MergeServiceDeps {
  patients: PatientRepo;
  registry: Pick<PatientsService, 'load' | 'allow' | 'withCoverages'>;
  audit: AuditLog;
  uow: UnitOfWork;
  clock: Clock;
  ids: Ids;
}

/**
 * Merging duplicates: the survivor keeps its record, takes over the duplicate's coverages and
 * gains the conditions, allergies, care-team contacts and phones only the duplicate had; the
 * duplicate stays, marked merged and pointing at the survivor, with both histories kept.
 */
const union = <T>(mine: T[], theirs: T[], key: (x: T) => string): T[] => {
  const seen = new Set(mine.map(key));
  return [...mine, ...theirs.filter((x) => !seen.has(key(x)))];
};

/** Conditions, allergies, care team, phones and missing single facts the duplicate adds to the survivor. */
export const absorbLists = (survivor: PatientRecord, dup: PatientRecord): Partial<PatientRecord> => ({
  chronicConditions: union(survivor.chronicConditions, dup.chronicConditions, (c) => c.code.replace('.', '').toUpperCase()),
  allergies: union(survivor.allergies, dup.allergies, (a) => a.substance.trim().toLowerCase()),
  careTeam: union(survivor.careTeam, dup.careTeam, (c) => `${c.name.trim().toLowerCase()}|${c.role.trim().toLowerCase()}`),
  phones: union(survivor.phones, dup.phones, (x) => x.number.replace(/\D/g, '')).slice(0, 5),
  email: survivor.email ?? dup.email,
  referringPhysician: survivor.referringPhysician ?? dup.referringPhysician,
  guarantor: survivor.guarantor ?? dup.guarantor,
  ...(survivor.ssnEnc ? {} : { ssnEnc: dup.ssnEnc, ssnLast4: dup.ssnLast4, ssnIndex: dup.ssnIndex }),
});

export const createMergeService = (d: MergeServiceDeps) => {
  const merge = async (p: Principal, survivorId: string, duplicateId: string, reason: string): Promise<Patient> => {
    const detail = d.registry.allow(p, 'patient.merge');
    if (survivorId === duplicateId) throw invalid('A patient cannot be merged into itself', [{ path: 'duplicateId', message: 'same as survivorId' }]);
    if (reason.trim().length < 4) throw invalid('State why these are the same person', [{ path: 'reason', message: 'at least 4 characters' }]);
    return d.uow.run(async () => {
      const survivor = await d.registry.load(p, survivorId);
      const dup = await d.registry.load(p, duplicateId);
      if (survivor.status !== 'active' || dup.status !== 'active') throw new DomainError('precondition_failed', `Patients ${survivorId} and ${duplicateId} must both be active to merge`);
      const at = d.clock.now().toISOString();
      await d.patients.moveCoverages(duplicateId, survivorId);
      const merged = { ...dup, status: 'merged' as const, mergedInto: survivorId, version: dup.version + 1, updatedAt: at };
      await d.patients.update(merged, familyKeysOf(merged), phoneDigitsOf(merged), dup.version);
      await d.patients.appendHistory(duplicateId, { id: d.ids.newId(), version: merged.version, changedAt: at, changedBy: p.userId, change: `merged into ${survivorId}`, snapshot: JSON.stringify(dup) });
      // The survivor keeps its own values and gains what only the duplicate recorded.
      const next: PatientRecord = { ...survivor, ...absorbLists(survivor, dup), version: survivor.version + 1, updatedAt: at };
      await d.patients.update(next, familyKeysOf(next), phoneDigitsOf(next), survivor.version);
      await d.patients.appendHistory(survivorId, { id: d.ids.newId(), version: next.version, changedAt: at, changedBy: p.userId, change: `absorbed ${duplicateId}`, snapshot: JSON.stringify(survivor) });
      await d.patients.resolveSuspects([survivorId, duplicateId], 'merged', p.userId, at);
      await d.audit.record(p, [
        { action: 'patient.merge', category: 'demographics', outcome: 'success', patientId: survivorId, detail: { ...detail, duplicateId, reason: reason.trim().slice(0, 200) } },
        { action: 'patient.merge', category: 'demographics', outcome: 'success', patientId: duplicateId, detail: { ...detail, survivorId } },
      ]);
      return (await d.registry.withCoverages([next]))[0]!;
    });
  };

  const suspects = async (p: Principal, limit = 100): Promise<DuplicateSuspect[]> => {
    const detail = d.registry.allow(p, 'patient.search');
    const list = await d.patients.listSuspects('open', limit);
    await d.audit.record(p, { action: 'patient.duplicates.list', category: 'demographics', outcome: 'success', patientId: null, detail: { ...detail, results: list.length } });
    return list;
  };

  const dismiss = async (p: Principal, patientIds: [string, string]): Promise<void> => {
    const detail = d.registry.allow(p, 'patient.merge');
    await d.uow.run(async () => {
      await d.patients.resolveSuspects(patientIds, 'dismissed', p.userId, d.clock.now().toISOString());
      await d.audit.record(p, { action: 'patient.duplicate.dismiss', category: 'demographics', outcome: 'success', patientId: patientIds[0], detail: { ...detail, otherId: patientIds[1] } });
    });
  };

  return { merge, suspects, dismiss };
};
export type MergeService = ReturnType<typeof createMergeService>;
