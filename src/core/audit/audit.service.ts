import { requirePermission, type Principal } from '../access/index.ts';
import { invalid, isLocalDate, type Clock, type Ids, type UnitOfWork } from '../shared/index.ts';
import { ChainVerifier, describeProblem, type Sealer } from './audit-chain.ts';
import type { AnchorStore, AuditLog, AuditQuery, AuditRepo, Disclosure, DisclosureRepo } from './audit.repo.ts';
import type { AuditEntry } from './audit-entry.ts';

export interface AuditServiceDeps {
  audit: AuditLog;
  auditRepo: AuditRepo;
  anchors: AnchorStore;
  disclosures: DisclosureRepo;
  seal: Sealer;
  uow: UnitOfWork;
  clock: Clock;
  ids: Ids;
}

export type VerifyResult = { ok: true; entries: number; lastSeq: number } | { ok: false; entries: number; firstBadSeq: number; message: string };

/** The audit report, CSV export, chain verification and the accounting of disclosures. */
export const createAuditService = (d: AuditServiceDeps) => {
  const report = async (p: Principal, q: AuditQuery): Promise<{ entries: AuditEntry[]; total: number }> => {
    requirePermission(p, 'audit.read', d.clock.now());
    const result = await d.auditRepo.search(q);
    await d.audit.record(p, { action: 'audit.search', category: 'audit', outcome: 'success', patientId: q.patientId ?? null, detail: { results: result.total } });
    return result;
  };

  const exportCsv = async (p: Principal, q: AuditQuery): Promise<string> => {
    requirePermission(p, 'audit.export', d.clock.now());
    const { entries } = await d.auditRepo.search(q);
    await d.audit.record(p, { action: 'audit.export', category: 'audit', outcome: 'success', patientId: q.patientId ?? null, detail: { rows: entries.length } });
    return toCsv(entries);
  };

  const verify = async (p: Principal): Promise<VerifyResult> => {
    requirePermission(p, 'audit.verify', d.clock.now());
    const verifier = new ChainVerifier(d.seal, await d.anchors.read());
    for await (const e of d.auditRepo.scan(5000)) if (!verifier.push(e)) break;
    const v = verifier.finish();
    if (v.ok) return v;
    const seq = v.problem.kind === 'truncated' ? v.problem.lastSeq + 1 : v.problem.seq;
    return { ok: false, entries: v.entries, firstBadSeq: seq, message: describeProblem(v.problem) };
  };

  const recordDisclosure = async (p: Principal, input: Omit<Disclosure, 'id' | 'recordedBy' | 'recordedAt'>): Promise<Disclosure> => {
    requirePermission(p, 'disclosure.record', d.clock.now());
    if (!isLocalDate(input.disclosedOn)) throw invalid('disclosedOn must be a date', [{ path: 'disclosedOn', message: 'not a date' }]);
    const disclosure: Disclosure = { ...input, id: d.ids.newId(), recordedBy: p.userId, recordedAt: d.clock.now().toISOString() };
    await d.uow.run(async () => {
      await d.disclosures.insert(disclosure);
      await d.audit.record(p, { action: 'disclosure.record', category: 'disclosure', outcome: 'success', patientId: input.patientId, detail: { disclosureId: disclosure.id } });
    });
    return disclosure;
  };

  const accounting = async (p: Principal, patientId: string, from?: string, to?: string): Promise<Disclosure[]> => {
    requirePermission(p, 'disclosure.read', d.clock.now());
    const list = await d.disclosures.listForPatient(patientId, from, to);
    await d.audit.record(p, { action: 'disclosure.accounting', category: 'disclosure', outcome: 'success', patientId, detail: { rows: list.length } });
    return list;
  };

  return { report, exportCsv, verify, recordDisclosure, accounting };
};
export type AuditService = ReturnType<typeof createAuditService>;

const CSV_COLUMNS = ['seq', 'at', 'username', 'userId', 'principalId', 'action', 'category', 'patientId', 'outcome', 'sourceIp', 'breakGlass', 'detail'] as const;

const csvCell = (v: unknown): string => {
  const s = v === null || v === undefined ? '' : String(v);
  // Cells that start with a formula character are prefixed so a spreadsheet never runs them.
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** RFC 4180 CSV of audit entries, one header row. */
export const toCsv = (entries: AuditEntry[]): string =>
  [CSV_COLUMNS.join(','), ...entries.map((e) => CSV_COLUMNS.map((c) => csvCell(e[c])).join(','))].join('\r\n') + '\r\n';
