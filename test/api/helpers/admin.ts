import type { AdminRole } from '@circles/shared';
import { systemBy } from '@circles/server/src/modules/audit';
import type { TestApp } from './app';

let seq = 0;

export interface TestAdmin {
  id: string;
  username: string;
  password: string;
  role: AdminRole;
  token: string;
}

/** Creates a back-office account straight through the service (no HTTP, no token). */
export async function createAdmin(t: TestApp, role: AdminRole, username?: string) {
  seq += 1;
  const name = username ?? `${role.replace('-', '')}${seq}`;
  const password = `Passw0rd-${name}`;
  const account = await t.container.services.adminAccounts.create(systemBy('test'), {
    username: name,
    password,
    displayName: `测试${name}`,
    role,
  });
  return { id: account.id, username: name, password, role };
}

/** An account of the role plus a session token from the real login route. */
export async function loginAs(t: TestApp, role: AdminRole, username?: string): Promise<TestAdmin> {
  const a = await createAdmin(t, role, username);
  const res = await t.http
    .post('/api/admin/auth/login')
    .send({ username: a.username, password: a.password })
    .expect(200);
  return { ...a, token: res.body.token as string };
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
