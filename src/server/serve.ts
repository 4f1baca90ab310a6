import pino from 'pino';
import type { Config } from './config.ts';
import { buildApp, VERSION } from './app.ts';
import { fhirPlugin } from './fhir/fhir.plugin.ts';
import { createContainer, type Container } from './container.ts';
import { accessAuthenticator, accessRoutes } from './routes/access.routes.ts';

/** The process logger: JSON lines to stdout or MEDOFFICE_LOG_FILE. It never receives patient data. */
export const createLogger = (config: Config) =>
  pino({ level: config.logLevel }, config.logFile ? pino.destination({ dest: config.logFile, mkdir: true, sync: false }) : undefined);

export interface Running {
  url: string;
  container: Container;
  stop(): Promise<void>;
}

/** Starts the HTTP server (API, FHIR and the web app) on an already-created container. */
export const serve = async (container: Container, logger: ReturnType<typeof createLogger>): Promise<Running> => {
  const auth = accessAuthenticator(container.services.access);
  const { app } = await buildApp({
    container,
    auth,
    plugins: [fhirPlugin(container, auth, { version: VERSION })],
    extraRoutes: accessRoutes(container),
    logger,
    web: true,
  });
  // The worklist generators run at start and every five minutes.
  const stopWorklist = container.worklist.schedule(5 * 60_000, (e) => logger.error({ err: { type: (e as Error).name, stack: (e as Error).stack } }, 'worklist refresh failed'));
  // The pre-visit eligibility sweep: at start and every 15 minutes, never two at once.
  let sweeping = false;
  const sweep = (): void => {
    if (sweeping) return;
    sweeping = true;
    container
      .runEligibilitySweep()
      .then(async (r) => {
        if (r.inquiries === 0) return;
        logger.info({ sweep: r }, 'eligibility sweep');
        // The exceptions reach the worklist now, not at its next five-minute run.
        await container.worklist.refresh();
      })
      .catch((e: unknown) => logger.error({ err: { type: (e as Error).name, stack: (e as Error).stack } }, 'eligibility sweep failed'))
      .finally(() => (sweeping = false));
  };
  const sweepTimer = setInterval(sweep, 15 * 60_000);
  sweepTimer.unref();
  setTimeout(sweep, 2_000).unref();
  const address = await app.listen({ port: container.config.port, host: container.config.host });
  const url = address.replace('127.0.0.1', 'localhost');
  return {
    url,
    container,
    stop: async () => {
      stopWorklist();
      clearInterval(sweepTimer);
      await app.close();
      await container.close();
    },
  };
};

export { createContainer };
