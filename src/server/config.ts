import { resolve } from 'node:path';
import { z } from 'zod';
import { DEFAULT_MFA_REQUIRED_ROLES, Roles } from '../core/access/index.ts';

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('127.0.0.1'),
  MEDOFFICE_DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must start with postgres://').optional(),
  MEDOFFICE_KEY: z.string().optional(),
  MEDOFFICE_KEY_FILE: z.string().optional(),
  MEDOFFICE_MFA_ROLES: z.string().optional(),
  MEDOFFICE_IDLE_MINUTES: z.coerce.number().int().min(1).max(240).default(15),
  MEDOFFICE_SESSION_HOURS: z.coerce.number().int().min(1).max(24).default(12),
  MEDOFFICE_SECURE_COOKIES: z.enum(['true', 'false']).default('false'),
  MEDOFFICE_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'silent']).default('info'),
  MEDOFFICE_LOG_FILE: z.string().optional(),
  MEDOFFICE_PAYER_CONNECTIONS: z.string().optional(),
  MEDOFFICE_ELIGIBILITY_DAYS: z.coerce.number().int().min(1).max(30).default(3),
  MEDOFFICE_ELIGIBILITY_STALE_DAYS: z.coerce.number().int().min(0).max(365).default(7),
  MEDOFFICE_NO_SHOW_GRACE_MINUTES: z.coerce.number().int().min(0).max(24 * 60).default(120),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string;
  key?: string;
  keyFile?: string;
  mfaRoles: (typeof Roles)[number][];
  idleMinutes: number;
  sessionHours: number;
  secureCookies: boolean;
  logLevel: string;
  logFile?: string;
  /** A booked visit never checked in becomes a no-show this long after its start. */
  noShowGraceMinutes: number;
  /** JSON file of payer connections for electronic eligibility, keyed by payer code. */
  payerConnectionsFile?: string;
  /** The pre-visit sweep: visits in the next N days, coverages not verified in M days. */
  eligibilityDays: number;
  eligibilityStaleDays: number;
}

/** Reads the configuration from the environment; an invalid value names the variable. */
export const loadConfig = (env: NodeJS.ProcessEnv = process.env): Config => {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new Error(`configuration: ${String(i.path[0])}: ${i.message}`);
  }
  const e = parsed.data;
  const dataDir = resolve(e.MEDOFFICE_DATA_DIR);
  const mfaRoles = e.MEDOFFICE_MFA_ROLES === undefined ? [...DEFAULT_MFA_REQUIRED_ROLES] : e.MEDOFFICE_MFA_ROLES.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = mfaRoles.find((r) => !(Roles as readonly string[]).includes(r));
  if (bad) throw new Error(`configuration: MEDOFFICE_MFA_ROLES: unknown role ${bad}`);
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    databaseUrl: e.DATABASE_URL ?? resolve(dataDir, 'medoffice.sqlite'),
    key: e.MEDOFFICE_KEY,
    keyFile: e.MEDOFFICE_KEY_FILE,
    mfaRoles: mfaRoles as Config['mfaRoles'],
    idleMinutes: e.MEDOFFICE_IDLE_MINUTES,
    sessionHours: e.MEDOFFICE_SESSION_HOURS,
    secureCookies: e.MEDOFFICE_SECURE_COOKIES === 'true',
    logLevel: e.MEDOFFICE_LOG_LEVEL,
    logFile: e.MEDOFFICE_LOG_FILE,
    noShowGraceMinutes: e.MEDOFFICE_NO_SHOW_GRACE_MINUTES,
    payerConnectionsFile: e.MEDOFFICE_PAYER_CONNECTIONS,
    eligibilityDays: e.MEDOFFICE_ELIGIBILITY_DAYS,
    eligibilityStaleDays: e.MEDOFFICE_ELIGIBILITY_STALE_DAYS,
  };
};
