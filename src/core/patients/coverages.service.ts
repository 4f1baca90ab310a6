import type { AuditLog } from '../audit/index.ts';
import type { Principal } from '../access/index.ts';
import { DomainError, notFound, type Clock, type Ids, type UnitOfWork } from '../shared/index.ts';
import type { Coverage, CoverageInput, Patient } from './patient.ts';
import type { PatientRepo } from './patient.repo.ts';
import type { PatientsService } from './patients.service.ts';

export interface CoveragesServiceDeps {
  patients: PatientRepo;
  registry: Pick<PatientsService, 'load' | 'allow' | 'withCoverages'>;
  audit: AuditLog;
  uow: UnitOfWork;
  clock: Clock;
  ids: Ids;
}

const fromInput = (id: string, patientId: string, c: CoverageInput): Coverage => ({
  id,
  patientId,
  payerId: c.payerId,
  memberId: c.memberId,
  groupNumber: c.groupNumber ?? null,
  planName: c.planName ?? null,
  planType: c.planType,
  priority: c.priority,
  relationship: c.relationship,
  subscriberPatientId: c.subscriberPatientId ?? null,
  subscriber: c.subscriber ?? null,
  effectiveDate: c.effectiveDate ?? null,
  endDate: c.endDate ?? null,
});

/** Insurance coverages of a patient: add, change (including primary/secondary order), remove. */
export const createCoveragesService = (d: CoveragesServiceDeps) => {
  const check = (c: CoverageInput): void => {
    if (c.effectiveDate && c.endDate && c.endDate < c.effectiveDate) {
      throw new DomainError('invalid', 'The coverage ends before it starts', { issues: [{ path: 'endDate', message: 'must be on or after effectiveDate' }] });
    }
    if (c.relationship !== 'self' && !c.subscriberPatientId && !c.subscriber) {
      throw new DomainError('invalid', 'A dependant coverage needs the subscriber', { issues: [{ path: 'subscriber', message: 'required when relationship is not self' }] });
    }
  };

  const change = async (p: Principal, patientId: string, what: string, fn: (existing: Coverage[]) => Promise<string | null>): Promise<Patient> => {
    const detail = d.registry.allow(p, 'patient.update');
    return d.uow.run(async () => {
      const record = await d.registry.load(p, patientId);
      const existing = await d.patients.coverages([patientId]);
      const coverageId = await fn(existing);
      await d.audit.record(p, { action: what, category: 'insurance', outcome: 'success', patientId, detail: { ...detail, coverageId } });
      return (await d.registry.withCoverages([record]))[0]!;
    });
  };

  const add = (p: Principal, patientId: string, input: CoverageInput): Promise<Patient> =>
    change(p, patientId, 'coverage.create', async (existing) => {
      check(input);
      const c = fromInput(d.ids.newId(), patientId, input);
      await reorder(existing, c);
      await d.patients.insertCoverage(c);
      return c.id;
    });

  const update = (p: Principal, patientId: string, coverageId: string, input: CoverageInput): Promise<Patient> =>
    change(p, patientId, 'coverage.update', async (existing) => {
      if (!existing.some((c) => c.id === coverageId)) throw notFound('Coverage', coverageId);
      check(input);
      const c = fromInput(coverageId, patientId, input);
      await reorder(existing.filter((x) => x.id !== coverageId), c);
      await d.patients.updateCoverage(c);
      return c.id;
    });

  const remove = (p: Principal, patientId: string, coverageId: string): Promise<Patient> =>
    change(p, patientId, 'coverage.delete', async () => {
      if (!(await d.patients.deleteCoverage(patientId, coverageId))) throw notFound('Coverage', coverageId);
      return coverageId;
    });

  // Keeps priorities unique: a coverage placed at a taken priority pushes the others down one.
  const reorder = async (others: Coverage[], placed: Coverage): Promise<void> => {
    const sorted = others.filter((o) => o.priority >= placed.priority).sort((a, b) => a.priority - b.priority);
    let next = placed.priority;
    for (const o of sorted) {
      if (o.priority !== next) break;
      next += 1;
      await d.patients.updateCoverage({ ...o, priority: next });
    }
  };

  return { add, update, remove };
};
export type CoveragesService = ReturnType<typeof createCoveragesService>;
