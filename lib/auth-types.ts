/**
 * Sign-in, roles, kiosk displays and the audit log as the API shows them. Shared by the browser and the
 * route handlers, so it imports nothing but zod: no DOM, no Node.
 */
import { z } from 'zod';

export const USER_ROLES = ['viewer', 'supervisor', 'admin'] as const;
export const ZUserRole = z.enum(USER_ROLES);
export type TUserRole = z.infer<typeof ZUserRole>;

/** A user's role, or `kiosk` for a display (read-only board, nothing else). */
export const ZRole = z.enum([...USER_ROLES, 'kiosk']);
export type TRole = z.infer<typeof ZRole>;

/** What a page or action needs: `board` is the read-only board, the rest a signed-in user's role. */
export type TAccess = 'board' | TUserRole;

const rank: Record<TRole, number> = { kiosk: 0, viewer: 1, supervisor: 2, admin: 3 };
const needs: Record<TAccess, number> = { board: 0, viewer: 1, supervisor: 2, admin: 3 };

/** viewer < supervisor < admin; `kiosk` satisfies only `board`. */
export function roleAtLeast(role: TRole, needed: TAccess): boolean {
  return rank[role] >= needs[needed];
}

export const ZPrincipal = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('user'), username: z.string(), role: ZUserRole }),
  z.object({ kind: z.literal('display'), name: z.string(), role: z.literal('kiosk') }),
]);
export type TPrincipal = z.infer<typeof ZPrincipal>;
export const ZSessionResponse = z.object({ principal: ZPrincipal });

export const ZUser = z.object({
  id: z.number().int(),
  username: z.string(),
  role: ZUserRole,
  disabled: z.boolean(),
  createdAt: z.string(),
  lastLoginAt: z.string().nullable(),
});
export type TUser = z.infer<typeof ZUser>;
export const ZUserList = z.object({ users: z.array(ZUser) });
export const ZUserResponse = z.object({ user: ZUser });

export const ZDisplay = z.object({
  id: z.number().int(),
  name: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
  lastSeenAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type TDisplay = z.infer<typeof ZDisplay>;
export const ZDisplayList = z.object({ displays: z.array(ZDisplay) });
/** `url` is the kiosk link; the server keeps only its token's hash, so this is the one chance to see it. */
export const ZCreatedDisplay = z.object({ display: ZDisplay, url: z.string() });
export type TCreatedDisplay = z.infer<typeof ZCreatedDisplay>;

export const AUDIT_RESULTS = ['ok', 'denied', 'failed'] as const;
export const ZAuditResult = z.enum(AUDIT_RESULTS);
export type TAuditResult = z.infer<typeof ZAuditResult>;

export const ZAuditEntry = z.object({
  id: z.number().int(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  target: z.string().nullable(),
  result: ZAuditResult,
  detail: z.string().nullable(),
  ip: z.string().nullable(),
});
export type TAuditEntry = z.infer<typeof ZAuditEntry>;
export const ZAuditPage = z.object({ entries: z.array(ZAuditEntry), nextBefore: z.number().int().nullable() });
export type TAuditPage = z.infer<typeof ZAuditPage>;

/** `GET /api/audit` query string; empty strings (a blank filter box) mean "no filter". */
const blankToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);
export const ZAuditQuery = z.object({
  actor: z.preprocess(blankToUndefined, z.string().max(100).optional()),
  action: z.preprocess(blankToUndefined, z.string().max(100).optional()),
  result: z.preprocess(blankToUndefined, ZAuditResult.optional()),
  limit: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(500).default(50)),
  before: z.preprocess(blankToUndefined, z.coerce.number().int().positive().optional()),
});
export type TAuditQuery = z.infer<typeof ZAuditQuery>;

// Input limits. The password cap only bounds hashing work; it is far above any real password.
export const USERNAME_PATTERN = /^[a-z0-9._-]+$/;
const ZUsername = z
  .string()
  .min(3, 'Use at least 3 characters.')
  .max(32, 'Use at most 32 characters.')
  .regex(USERNAME_PATTERN, 'Use only lower-case letters, digits, dot, dash and underscore.');
const ZPassword = z.string().min(10, 'Use at least 10 characters.').max(200, 'Use at most 200 characters.');

// Sign-in checks presence only: a format rule here would tell a guesser which usernames cannot exist.
export const ZLoginInput = z.object({
  username: z.string().min(1, 'Enter your username.').max(200),
  password: z.string().min(1, 'Enter your password.').max(200),
});
export type TLoginInput = z.infer<typeof ZLoginInput>;

export const ZCreateUserInput = z.object({ username: ZUsername, password: ZPassword, role: ZUserRole });
export type TCreateUserInput = z.infer<typeof ZCreateUserInput>;

export const ZUpdateUserInput = z
  .object({ role: ZUserRole.optional(), disabled: z.boolean().optional(), password: ZPassword.optional() })
  .refine((v) => v.role !== undefined || v.disabled !== undefined || v.password !== undefined, {
    message: 'Nothing to change.',
  });
export type TUpdateUserInput = z.infer<typeof ZUpdateUserInput>;

export const ZCreateDisplayInput = z.object({
  name: z.string().trim().min(1, 'Enter a name.').max(60, 'Use at most 60 characters.'),
});
export type TCreateDisplayInput = z.infer<typeof ZCreateDisplayInput>;

/** The error body of every API answer that is not 2xx. */
export const ZApiErrorBody = z.object({
  error: z.string(),
  fieldErrors: z.record(z.string(), z.array(z.string())).optional(),
  retryAfterS: z.number().optional(),
});
export type TApiErrorBody = z.infer<typeof ZApiErrorBody>;
