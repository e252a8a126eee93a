import type { AdminRole } from '@circles/shared';
import { isAppError } from '../../lib/errors';
import { systemBy } from '../audit';
import type { AdminAccountService } from './admin-accounts.service';
import { generatePassword } from './password';

/** The sandbox's demo back office: one account per role, so every menu can be tried. */
export const DEMO_ACCOUNTS: ReadonlyArray<{
  username: string;
  role: AdminRole;
  displayName: string;
}> = [
  { username: 'admin', role: 'admin', displayName: '演示管理员' },
  { username: 'ops', role: 'ops', displayName: '演示运营' },
  { username: 'analyst', role: 'analyst', displayName: '演示分析师' },
  { username: 'manager', role: 'consultant-manager', displayName: '演示导购主管' },
];

export interface DemoCredential {
  username: string;
  role: AdminRole;
  password: string;
}

/**
 * Creates the demo accounts with fresh random passwords, only while no `admin` account exists
 * (a first sandbox start), and returns the credentials once so the caller can print them.
 * They are never logged: the caller writes them to stdout. Safe with several instances
 * starting together: the unique username index lets exactly one of them create each account.
 */
export async function ensureDemoAdmin(accounts: AdminAccountService): Promise<DemoCredential[]> {
  if (await accounts.anyWithRole('admin')) return [];
  const created: DemoCredential[] = [];
  for (const demo of DEMO_ACCOUNTS) {
    if (await accounts.usernameExists(demo.username)) continue;
    const password = generatePassword();
    try {
      await accounts.create(systemBy('sandbox-demo'), { ...demo, password });
      created.push({ username: demo.username, role: demo.role, password });
    } catch (err) {
      if (!(isAppError(err) && err.code === 'ADMIN_USERNAME_TAKEN')) throw err;
    }
  }
  return created;
}

/** Lines for main.ts's start-up banner (stdout, not the logger). */
export function formatDemoCredentials(creds: DemoCredential[]): string[] {
  if (creds.length === 0) return [];
  return [
    '  Demo back-office accounts (role, username / password):',
    ...creds.map((c) => `    ${c.role.padEnd(18)} ${c.username.padEnd(8)} / ${c.password}`),
  ];
}
