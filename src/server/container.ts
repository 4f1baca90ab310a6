import { createAccessService, DEFAULT_SESSION_POLICY } from '../core/access/index.ts';
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
import { createWorklist } from './worklist.wiring.ts';

export interface ContainerOptions {
  config: Config;
  clock?: Clock;
  warn?: (msg: string) => void;
  /** Skip migrations (the CLI's `migrate` runs them itself). */
  migrate?: boolean;
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

  const worklist = createWorklist(
    { db, audit, clock, ids, repos: { patients: patientRepo } },
    { generators: schedulingGenerators({ directory: scheduleDirectory, setup: scheduleSetupRepo, queues: queuesRepo, availability }), beforeRun: async () => void (await runNoShows()) },
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
    services: { access, worklist: worklist.service, patients, coverages, merges, reference, audit: auditService, parseQuickSearch, booking, scheduleSetup, availability, schedulingQueues },
    repos: { patients: patientRepo, reference: referenceRepo, appointments: appointmentRepo, scheduleSetup: scheduleSetupRepo, scheduleDirectory, guidelines: guidelineRepo, schedulingQueues: queuesRepo },
    runNoShows,
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
