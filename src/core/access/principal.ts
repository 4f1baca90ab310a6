import { DomainError } from '../shared/index.ts';
import { BREAK_GLASS_ACTIONS, roleAllows, type Action, type Role } from './permissions.ts';

/** Who is acting: a staff user through a session, or an integration through an API token. */
export interface Principal {
  /** The user account behind the call. */
  userId: string;
  username: string;
  role: Role;
  /** `session:<id>` or `token:<id>`: each API token is a principal of its own. */
  principalId: string;
  kind: 'session' | 'token' | 'system' | 'anonymous';
  /** Source address of the request, for the audit trail. */
  sourceIp: string | null;
  /** Set while an emergency access grant is active: its id and when it ends. */
  breakGlass: { grantId: string; endsAt: string } | null;
}

/** The system itself (jobs, the demo seed, the CLI run by the operator): never reachable over HTTP. */
export const systemPrincipal = (what = 'system'): Principal => ({
  userId: what,
  username: what,
  role: 'admin',
  principalId: `system:${what}`,
  kind: 'system',
  sourceIp: null,
  breakGlass: null,
});

/** True when the principal may perform the action now, counting an active emergency grant. */
export const can = (p: Principal, action: Action, now: Date): boolean =>
  p.kind === 'system' ||
  (p.kind !== 'anonymous' && roleAllows(p.role, action)) ||
  (p.breakGlass !== null && p.breakGlass.endsAt > now.toISOString() && BREAK_GLASS_ACTIONS.has(action));

/** True when the principal acts under an active emergency grant for an action its role lacks. */
export const usesBreakGlass = (p: Principal, action: Action, now: Date): boolean =>
  p.kind !== 'system' && !roleAllows(p.role, action) && can(p, action, now);

/** Throws `forbidden` unless the principal may perform the action. */
export const requirePermission = (p: Principal, action: Action, now: Date): void => {
  if (!can(p, action, now)) throw new DomainError('forbidden', `Your role does not allow ${action}`);
};
