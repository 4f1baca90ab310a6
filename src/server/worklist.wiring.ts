import { systemPrincipal } from '../core/access/index.ts';
import { coverageEndingGenerator, duplicateSuspectsGenerator } from '../core/patients/index.ts';
import { createWorklistService, type GeneratorRun, type WorkItemGenerator } from '../core/worklist/index.ts';
import { createWorkItemRepo } from '../store/worklist.repo.ts';
import type { Db } from '../store/db.ts';
import type { AuditLog } from '../core/audit/index.ts';
import type { PatientRepo } from '../core/patients/index.ts';
import type { Clock, Ids } from '../core/shared/index.ts';
import type { RouteDef } from './http/route.ts';
import { worklistRoutes } from './routes/worklist.routes.ts';

/** The parts of the container the worklist needs. */
export interface WorklistParts {
  db: Db;
  audit: AuditLog;
  clock: Clock;
  ids: Ids;
  repos: { patients: PatientRepo };
}

export interface WorklistOptions {
  /** Generators of later capabilities, after the two platform ones. */
  generators?: WorkItemGenerator[];
  /** Told when a generator fails (the run goes on with the others). */
  onGeneratorError?: (kind: string, error: unknown) => void;
  /** A job to run before each scheduled refresh (the no-show job), so its results show at once. */
  beforeRun?: () => Promise<void>;
}

/**
 * Builds the worklist: its store, the platform generators (suspected duplicates, coverage
 * ending), the service and its routes. `refresh` runs the generators as the system;
 * `schedule` runs them now and every `everyMs` (never two runs at once) until stopped.
 */
export const createWorklist = (c: WorklistParts, opts: WorklistOptions = {}) => {
  const generators: WorkItemGenerator[] = [duplicateSuspectsGenerator(c.repos.patients), coverageEndingGenerator(c.repos.patients), ...(opts.generators ?? [])];
  const service = createWorklistService({ items: createWorkItemRepo(c.db), generators, audit: c.audit, uow: c.db.uow, clock: c.clock, ids: c.ids, onGeneratorError: opts.onGeneratorError, pause: () => new Promise<void>((r) => setImmediate(r)) });
  const routes: RouteDef[] = worklistRoutes(service);
  const system = systemPrincipal('worklist');
  const refresh = (): Promise<GeneratorRun[]> => service.runGenerators(system);

  const schedule = (everyMs: number, onError: (e: unknown) => void = () => {}): (() => void) => {
    let running = false;
    const tick = (): void => {
      if (running) return;
      running = true;
      (opts.beforeRun ?? (async () => {}))()
        .catch(onError)
        .then(refresh)
        .catch(onError)
        .finally(() => (running = false));
    };
    tick();
    const timer = setInterval(tick, everyMs);
    timer.unref();
    return () => clearInterval(timer);
  };

  return { service, routes, generators, refresh, schedule };
};
export type Worklist = ReturnType<typeof createWorklist>;
