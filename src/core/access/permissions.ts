/** Every role a staff account can hold. */
export const Roles = ['admin', 'provider', 'back_office', 'front_desk', 'biller', 'auditor'] as const;
export type Role = (typeof Roles)[number];

/** Every action the services check. One name per use case family; routes declare one of these. */
export const Actions = [
  'patient.search',
  'patient.read',
  'patient.create',
  'patient.update',
  'patient.merge',
  'patient.ssn.unmask',
  'patient.export',
  'reference.read',
  'reference.manage',
  'user.read',
  'user.manage',
  'session.manage',
  'token.manage',
  'audit.read',
  'audit.export',
  'audit.verify',
  'disclosure.record',
  'disclosure.read',
  'breakglass.review',
  'worklist.read',
  'worklist.manage',
  'schedule.read',
  'schedule.book',
  'schedule.override',
  'schedule.manage',
  'eligibility.read',
  'eligibility.check',
] as const;
export type Action = (typeof Actions)[number];

const clinicalStaff: Action[] = [
  'patient.search',
  'patient.read',
  'patient.create',
  'patient.update',
  'reference.read',
  'disclosure.record',
  'worklist.read',
  'worklist.manage',
];

/**
 * The one permission table: role to the actions it may perform. Least privilege: the auditor
 * reads the trail but no charts; the front desk never unmasks an SSN.
 */
export const PERMISSIONS: Readonly<Record<Role, ReadonlySet<Action>>> = {
  admin: new Set<Action>([
    ...clinicalStaff,
    'patient.merge',
    'patient.export',
    'reference.manage',
    'user.read',
    'user.manage',
    'session.manage',
    'token.manage',
    'breakglass.review',
    'schedule.read',
    'schedule.book',
    'schedule.override',
    'schedule.manage',
    'eligibility.read',
    'eligibility.check',
  ]),
  provider: new Set<Action>([...clinicalStaff, 'patient.ssn.unmask', 'schedule.read', 'schedule.book', 'eligibility.read']),
  back_office: new Set<Action>([...clinicalStaff, 'patient.merge', 'patient.ssn.unmask', 'patient.export', 'schedule.read', 'schedule.book', 'schedule.override', 'eligibility.read', 'eligibility.check']),
  front_desk: new Set<Action>([...clinicalStaff.filter((a) => a !== 'disclosure.record'), 'schedule.read', 'schedule.book', 'eligibility.read', 'eligibility.check']),
  biller: new Set<Action>([...clinicalStaff, 'patient.ssn.unmask', 'patient.export', 'schedule.read', 'eligibility.read', 'eligibility.check']),
  auditor: new Set<Action>([
    'reference.read',
    'user.read',
    'audit.read',
    'audit.export',
    'audit.verify',
    'disclosure.read',
    'breakglass.review',
  ]),
};

/** What emergency ("break the glass") access adds for its time box. */
export const BREAK_GLASS_ACTIONS: ReadonlySet<Action> = new Set<Action>(['patient.search', 'patient.read']);

/** Roles that must enrol in TOTP MFA before they get a session (configurable per deployment). */
export const DEFAULT_MFA_REQUIRED_ROLES: readonly Role[] = ['admin', 'biller', 'auditor'];

/** True when `role` may perform `action` without emergency access. */
export const roleAllows = (role: Role, action: Action): boolean => PERMISSIONS[role].has(action);
