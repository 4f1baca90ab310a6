import pino from 'pino';
import type { Config } from './config.ts';
import { buildApp } from './app.ts';
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
  const { app } = await buildApp({
    container,
    auth: accessAuthenticator(container.services.access),
    extraRoutes: accessRoutes(container),
    logger,
    web: true,
  });
  const address = await app.listen({ port: container.config.port, host: container.config.host });
  const url = address.replace('127.0.0.1', 'localhost');
  return {
    url,
    container,
    stop: async () => {
      await app.close();
      await container.close();
    },
  };
};

export { createContainer };
