import { Roles, systemPrincipal } from '../../core/access/index.ts';
import type { Container } from '../../server/container.ts';
import { seedDemoPractice, type SeedResult } from './seed.ts';

/** One demo login per role, named after it, password `demo-<role>` (created only by the demo seed). */
export const DEMO_LOGINS = Roles.map((role) => ({ username: role, password: `demo-${role}`, role }));

const DISPLAY: Record<(typeof Roles)[number], string> = {
  admin: 'Pat Admin (practice manager)',
  provider: 'Dr. Maria Alvarez',
  back_office: 'Sam Backoffice (MA)',
  front_desk: 'Jordan Frontdesk',
  biller: 'Casey Biller',
  auditor: 'Morgan Auditor (compliance)',
};

/**
 * Seeds the demo practice and its users when the database has no users yet; returns what was
 * seeded, or null when there was data already. Running it again changes nothing.
 */
export const ensureDemo = async (c: Container, opts: { patients?: number } = {}): Promise<SeedResult | null> => {
  const sys = systemPrincipal('demo-seed');
  if ((await c.services.access.listUsers(sys)).length > 0) return null;
  for (const l of DEMO_LOGINS) {
    await c.services.access.createUser(sys, { username: l.username, password: l.password, role: l.role, displayName: DISPLAY[l.role], emergencyAccess: l.role === 'provider' || l.role === 'back_office' }, { demo: true });
  }
  return seedDemoPractice(c, opts);
};
