import { z } from 'zod';
import { ok, pageQuery, paged, stableId } from './common';
import { defineRoute } from './contract';

/** Back-office roles. `analyst` is read-only everywhere (enforced by the server's admin guard). */
export const ADMIN_ROLES = ['admin', 'ops', 'analyst', 'consultant-manager'] as const;
export const adminRole = z.enum(ADMIN_ROLES);
export type AdminRole = z.infer<typeof adminRole>;

/** Login names: lower-case letters, digits and `_ . -`, starting with a letter. */
export const adminUsername = z
  .string()
  .trim()
  .toLowerCase()
  .regex(
    /^[a-z][a-z0-9_.-]{2,31}$/,
    'expected 3-32 lower-case letters, digits, _ . - (letter first)',
  );

/** bcrypt reads at most 72 bytes, so longer passwords would silently lose their tail. */
export const adminPassword = z
  .string()
  .min(10, 'at least 10 characters')
  .refine((p) => new TextEncoder().encode(p).length <= 72, 'at most 72 bytes (UTF-8)')
  .refine((p) => /[A-Za-z]/.test(p) && /\d/.test(p), 'needs at least one letter and one digit');

export const adminDisplayName = z.string().trim().min(1).max(40);

export const adminAccount = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: adminRole,
  disabled: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  lastLoginAt: z.string().nullable(),
});
export type AdminAccount = z.infer<typeof adminAccount>;

/** What a session knows about its own account. */
export const adminSessionAccount = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: adminRole,
});
export type AdminSessionAccount = z.infer<typeof adminSessionAccount>;

// Login accepts any shape of name: refusing malformed ones differently would tell a caller
// something about which accounts can exist.
export const adminLoginBody = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});

export const adminLoginResponse = z.object({
  token: z.string(),
  expiresAt: z.string(),
  account: adminSessionAccount,
});
export type AdminLoginResponse = z.infer<typeof adminLoginResponse>;

export const adminAccountCreateBody = z.object({
  username: adminUsername,
  password: adminPassword,
  displayName: adminDisplayName,
  role: adminRole,
});
export type AdminAccountCreateBody = z.input<typeof adminAccountCreateBody>;

export const adminAccountPatchBody = z
  .strictObject({
    displayName: adminDisplayName.optional(),
    role: adminRole.optional(),
    disabled: z.boolean().optional(),
    /** Sets a new password and ends the account's sessions. */
    password: adminPassword.optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), 'nothing to change');
export type AdminAccountPatchBody = z.input<typeof adminAccountPatchBody>;

export const adminAccountListQuery = pageQuery.extend({
  role: adminRole.optional(),
  disabled: z.enum(['true', 'false']).optional(),
});

const accountIdParams = z.object({ id: stableId });

export const adminAuthRoutes = {
  login: defineRoute({
    method: 'post',
    path: '/api/admin/auth/login',
    summary: 'Log in to the back office (rate limited per username and per IP)',
    tag: 'admin-auth',
    auth: 'none',
    body: adminLoginBody,
    response: adminLoginResponse,
  }),
  me: defineRoute({
    method: 'get',
    path: '/api/admin/auth/me',
    summary: 'The account behind the current admin session',
    tag: 'admin-auth',
    auth: 'admin',
    response: z.object({ account: adminSessionAccount, expiresAt: z.string() }),
  }),
  logout: defineRoute({
    method: 'post',
    path: '/api/admin/auth/logout',
    summary: "End every session of the current account (bumps the account's token version)",
    tag: 'admin-auth',
    auth: 'admin',
    response: ok,
  }),
  listAccounts: defineRoute({
    method: 'get',
    path: '/api/admin/accounts',
    summary: 'List back-office accounts',
    tag: 'admin-auth',
    auth: 'admin',
    roles: ['admin'],
    query: adminAccountListQuery,
    response: paged(adminAccount),
  }),
  createAccount: defineRoute({
    method: 'post',
    path: '/api/admin/accounts',
    summary: 'Create a back-office account',
    tag: 'admin-auth',
    auth: 'admin',
    roles: ['admin'],
    body: adminAccountCreateBody,
    response: z.object({ account: adminAccount }),
    status: 201,
  }),
  updateAccount: defineRoute({
    method: 'patch',
    path: '/api/admin/accounts/:id',
    summary: 'Change role, display name, disabled flag or password of an account',
    tag: 'admin-auth',
    auth: 'admin',
    roles: ['admin'],
    params: accountIdParams,
    body: adminAccountPatchBody,
    response: z.object({ account: adminAccount }),
  }),
};
