import { createAccessService, DEFAULT_SESSION_POLICY, systemPrincipal, type Principal } from '../core/access/index.ts';
import { createAuditService } from '../core/audit/index.ts';
import { createCoveragesService, createMergeService, createPatientsService, parseQuickSearch } from '../core/patients/index.ts';
import { createReferenceService } from '../core/reference/index.ts';
import { createAvailabilityService, createBookingService, createScheduleReader, createScheduleSetupService, createSchedulingQueuesService, markNoShows, schedulingGenerators } from '../core/scheduling/index.ts';
import type { Clock } from '../core/shared/index.ts';
import { createAnchorFile } from '../integrations/crypto/anchor-file.ts';
import { createFieldCipher } from '../integrations/crypto/field-cipher.ts';
import { hmacSealer, loadKeyRing } from '../integrations/crypto/keys.ts';
import { passwordHasher } from '../integrations/crypto/passwords.ts';
import { secrets } from '../integrations/crypto/secrets.ts';
import { totp } from '../integrations/crypto/totp.ts';
import { createAccessRepos } from '../store/access.repo.ts';
import { loadTaxonomy } from '../integrations/codesets/nucc-taxonomy.ts';
import { createIds, systemClock } from '../integrations/ids.ts';
import { createAuditStore, createDisclosureRepo } from '../store/audit.repo.ts';
import { startAuditWriter } from '../store/audit-writer.ts';
import { openDb, type Db } from '../store/db.ts';
import { createIdempotencyRepo } from '../store/idempotency.repo.ts';
import { migrateToLatest } from '../store/migrate.ts';
import { createPatientRepo } from '../store/patients.repo.ts';
import { createReferenceRepo } from '../store/reference.repo.ts';
import { createAppointmentRepo, createScheduleSetupRepo } from '../store/scheduling.repo.ts';
import { createGuidelineRepo, createScheduleDirectory } from '../store/scheduling-directory.repo.ts';
import { createSchedulingQueuesRepo } from '../store/scheduling-queues.repo.ts';
import type { Config } from './config.ts';
import { loadPayerConnections, type PayerConnections } from './payer-connections.ts';
import { coverageLapseNoticeGenerator, createEligibilityService, eligibilityExceptionGenerator } from '../core/eligibility/index.ts';
import { createClearinghouseGateway } from '../integrations/clearinghouse/index.ts';
import { createX12EligibilityGateway, to270 } from '../integrations/eligibility/x12-eligibility.gateway.ts';
import { build270 } from '../x12/index.ts';
import { createControlNumberSource } from '../store/control-numbers.ts';
import { createEligibilityRepo, createEligibilitySubjects, createFeeScheduleRepo } from '../store/eligibility.repo.ts';
import { createWorklist } from './worklist.wiring.ts';

export interface ContainerOptions {
  config: Config;
  clock?: Clock;
  warn?: (msg: string) => void;
  /** Skip migrations (the CLI's `migrate` runs them itself). */
  migrate?: boolean;
  /** Clearinghouse connections per payer (the demo points them at the payer simulator); default: MEDOFFICE_PAYER_CONNECTIONS. */
  payerConnections?: PayerConnections;
}

/** The composition root: opens storage and keys, wires every service with its narrow dependencies. */
export const createContainer = async (opts: ContainerOptions) => {
  const { config } = opts;
  const clock = opts.clock ?? systemClock;
  const ids = createIds(clock);
  const keys = loadKeyRing({ key: config.key, keyFile: config.keyFile, dataDir: config.dataDir }, opts.warn ?? (() => {}));
  const db: Db = openDb({ url: config.databaseUrl });
  if (opts.migrate !== false) await migrateToLatest(db);

  const seal = hmacSealer(keys.auditKey);
  const anchors = createAnchorFile(keys.anchorFile, seal);
  // SQLite files: reads' audit entries are committed on a writer thread, so their fsync never blocks requests.
  const writer = db.sqlite && config.databaseUrl !== ':memory:' ? startAuditWriter(config.databaseUrl, keys.auditKey) : undefined;
  const auditStore = createAuditStore({ db, seal, clock, onHead: (h) => anchors.note(h), writer });
  const audit = auditStore.log;
  const cipher = createFieldCipher(keys.fieldKey, keys.indexKey);
  const nowIso = (): string => clock.now().toISOString();
  const uow = db.uow;

  const patientRepo = createPatientRepo(db, nowIso);
  const patients = createPatientsService({ patients: patientRepo, idempotency: createIdempotencyRepo(db), cipher, audit, uow, clock, ids });
  const coverages = createCoveragesService({ patients: patientRepo, registry: patients, audit, uow, clock, ids });
  const merges = createMergeService({ patients: patientRepo, registry: patients, audit, uow, clock, ids });
  const referenceRepo = createReferenceRepo(db, nowIso);
  const reference = createReferenceService({ reference: referenceRepo, taxonomy: loadTaxonomy(), audit, uow, clock, ids });
  const auditService = createAuditService({ audit, auditRepo: auditStore.repo, anchors, disclosures: createDisclosureRepo(db), seal, uow, clock, ids });

  const access = createAccessService({
    ...createAccessRepos(db),
    secrets,
    passwords: passwordHasher,
    totp,
    cipher,
    audit,
    uow,
    clock,
    ids,
    config: { session: { ...DEFAULT_SESSION_POLICY, idleMinutes: config.idleMinutes, absoluteMinutes: config.sessionHours * 60 }, mfaRequiredRoles: config.mfaRoles },
  });

  const scheduleSetupRepo = createScheduleSetupRepo(db, nowIso);
  const appointmentRepo = createAppointmentRepo(db);
  const scheduleDirectory = createScheduleDirectory(db);
  const guidelineRepo = createGuidelineRepo(db);
  const queuesRepo = createSchedulingQueuesRepo(db);
  const reader = createScheduleReader({ appointments: appointmentRepo, setup: scheduleSetupRepo, directory: scheduleDirectory, guidelines: guidelineRepo });
  const booking = createBookingService({ appointments: appointmentRepo, types: scheduleSetupRepo, audit, uow, clock, ids, idempotency: createIdempotencyRepo(db), reader, queues: queuesRepo });
  const scheduleSetup = createScheduleSetupService({ setup: scheduleSetupRepo, audit, uow, clock, ids });
  const availability = createAvailabilityService({ reader, directory: scheduleDirectory, setup: scheduleSetupRepo, appointments: appointmentRepo, audit, clock });
  const queueDeps: Parameters<typeof createSchedulingQueuesService>[0] = { queues: queuesRepo, appointments: appointmentRepo, directory: scheduleDirectory, guidelines: guidelineRepo, booking, availability, audit, uow, clock, ids };
  const schedulingQueues = createSchedulingQueuesService(queueDeps);
  /** The end-of-day job: booked visits never checked in become no-shows after the grace period. */
  const runNoShows = (): Promise<string[]> => markNoShows({ directory: scheduleDirectory, booking }, clock.now(), config.noShowGraceMinutes);

  const eligibilityChecks = createEligibilityRepo(db, cipher);
  const eligibilitySubjects = createEligibilitySubjects(db);
  const payerConnections = opts.payerConnections ?? loadPayerConnections(config.payerConnectionsFile);
  const eligibilityGateway = createX12EligibilityGateway({
    clearinghouse: createClearinghouseGateway({ clock }),
    connectionFor: payerConnections,
    numbers: createControlNumberSource(db),
    clock,
    traceOriginatorId: '9MEDOFFICE',
    senderId: 'MEDOFFICE',
  });
  const eligibility = createEligibilityService({ checks: eligibilityChecks, subjects: eligibilitySubjects, gateway: eligibilityGateway, fees: createFeeScheduleRepo(db), audit, uow, clock, ids });
  const x12Parties = { traceOriginatorId: '9MEDOFFICE', senderId: 'MEDOFFICE' };
  /** The 270 a visit would send, with database control numbers (`medoffice eligibility 270`). */
  const eligibility270 = async (p: Principal, appointmentId: string): Promise<string> => {
    const q = await eligibility.inquiryFor(p, appointmentId);
    const connection = payerConnections(q.payer);
    const receiver = connection?.mode === 'realtime' ? connection.receiverId : q.payer.payerCode;
    return (await build270(to270(q, x12Parties, receiver, clock.now()), createControlNumberSource(db), { lineBreak: '\n' })).text;
  };
  /** The pre-visit sweep as the system (the schedule in serve.ts runs it). */
  const runEligibilitySweep = () => eligibility.sweep(systemPrincipal('eligibility sweep'), { days: config.eligibilityDays, staleDays: config.eligibilityStaleDays });

  const worklist = createWorklist(
    { db, audit, clock, ids, repos: { patients: patientRepo } },
    {
      generators: [...schedulingGenerators({ directory: scheduleDirectory, setup: scheduleSetupRepo, queues: queuesRepo, availability }), eligibilityExceptionGenerator({ checks: eligibilityChecks, subjects: eligibilitySubjects }, config.eligibilityDays), coverageLapseNoticeGenerator({ checks: eligibilityChecks, subjects: eligibilitySubjects })],
      beforeRun: async () => void (await runNoShows()),
    },
  );
  queueDeps.resolveWork = worklist.service.resolveCause;

  return {
    config,
    worklist,
    clock,
    ids,
    db,
    keys,
    cipher,
    audit,
    services: { access, worklist: worklist.service, patients, coverages, merges, reference, audit: auditService, parseQuickSearch, booking, scheduleSetup, availability, schedulingQueues, eligibility },
    repos: { patients: patientRepo, reference: referenceRepo, appointments: appointmentRepo, scheduleSetup: scheduleSetupRepo, scheduleDirectory, guidelines: guidelineRepo, schedulingQueues: queuesRepo, eligibilitySubjects },
    runNoShows,
    runEligibilitySweep,
    eligibility270,
    /** Waits for pending audit commits and the anchor file, then closes the database. */
    async close() {
      await auditStore.flush();
      await writer?.close();
      await anchors.flush();
      await db.close();
    },
    flushAudit: async () => {
      await auditStore.flush();
      await anchors.flush();
    },
  };
};
export type Container = Awaited<ReturnType<typeof createContainer>>;
