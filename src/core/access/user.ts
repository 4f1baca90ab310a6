import { z } from 'zod';
import { invalid, type FieldIssue } from '../shared/index.ts';
import { Roles, type Role } from './permissions.ts';

/** A staff account as the rest of the system sees it: no password hash, no MFA secret. */
export interface User {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  active: boolean;
  /** May start a time-boxed emergency ("break the glass") grant. */
  emergencyAccess: boolean;
  mfaEnrolled: boolean;
  /** A seeded demo account: exempt from the password length rule and from forced MFA. */
  demo: boolean;
  createdAt: string;
}

/** A stored account, with its credentials (never leaves the access capability). */
export interface UserRecord extends User {
  passwordHash: string;
  /** The confirmed TOTP secret, encrypted with the field cipher. */
  mfaSecretEnc: string | null;
  /** A secret handed out by `startEnrolment` and not yet confirmed with a code, encrypted. */
  mfaPendingSecretEnc: string | null;
  mfaEnrolledAt: string | null;
  /** The last TOTP time step accepted: a code at this step or earlier is never accepted again. */
  mfaLastStep: number;
  updatedAt: string;
}

/** The public view of a stored account. */
export const toUser = (r: UserRecord): User => ({
  id: r.id,
  username: r.username,
  displayName: r.displayName,
  role: r.role,
  active: r.active,
  emergencyAccess: r.emergencyAccess,
  mfaEnrolled: r.mfaEnrolled,
  demo: r.demo,
  createdAt: r.createdAt,
});

/** Minimum password length for real accounts (NIST SP 800-63B allows 8; we ask for 12). */
export const MIN_PASSWORD_LENGTH = 12;
/** Upper bound so a huge input cannot make the hasher work for long. */
export const MAX_PASSWORD_LENGTH = 256;

/** Lower-cases and trims a typed username, so `Alice ` and `alice` are one account. */
export const normalizeUsername = (s: string): string => s.trim().toLowerCase();

export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9._-]{3,40}$/, 'username must be 3 to 40 characters: a-z, 0-9, dot, underscore, hyphen');

export const passwordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `password must be at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(MAX_PASSWORD_LENGTH, `password must be at most ${MAX_PASSWORD_LENGTH} characters`);

/** Demo seed accounts only (`demo` flag): any non-empty password. */
export const demoPasswordSchema = z.string().min(1).max(MAX_PASSWORD_LENGTH);

export const userCreateSchema = z.object({
  username: usernameSchema,
  displayName: z.string().trim().min(1).max(120),
  role: z.enum(Roles),
  password: passwordSchema,
  emergencyAccess: z.boolean().default(false),
});
export type UserCreate = z.infer<typeof userCreateSchema>;
/** What a caller passes (`emergencyAccess` may be left out). */
export type UserCreateInput = z.input<typeof userCreateSchema>;

/** The demo seed's variant: the password length rule does not apply. */
export const demoUserCreateSchema = userCreateSchema.extend({ password: demoPasswordSchema });

export const userUpdateSchema = z
  .object({
    displayName: z.string().trim().min(1).max(120).optional(),
    role: z.enum(Roles).optional(),
    active: z.boolean().optional(),
    emergencyAccess: z.boolean().optional(),
  })
  .strict()
  .refine((u) => Object.values(u).some((v) => v !== undefined), 'name at least one field to change');
export type UserUpdate = z.infer<typeof userUpdateSchema>;

export const loginSchema = z.object({
  username: z.string().min(1).max(200),
  password: z.string().min(1).max(MAX_PASSWORD_LENGTH),
});
export type LoginInput = z.infer<typeof loginSchema>;

/** A TOTP code as typed: six digits, spaces allowed ("123 456"). */
export const totpCodeSchema = z
  .string()
  .transform((s) => s.replace(/\s/g, ''))
  .pipe(z.string().regex(/^\d{6}$/, 'code must be 6 digits'));

/** Parses with a schema or throws `invalid` with field issues that never echo the value. */
export const parseOrThrow = <S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> => {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const issues: FieldIssue[] = r.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
  throw invalid(`Invalid ${what}`, issues);
};
