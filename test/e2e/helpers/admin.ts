import type { AdminRole } from '@circles/shared';
import { systemBy } from '@circles/server/src/modules/audit';
import type { Page } from 'playwright-core';
import { posPost } from './pos';
import type { E2eServer } from './server';

// What the panel's e2e files share: accounts, signing in, and a store order to make a member.

export const DESKTOP = { viewport: { width: 1440, height: 900 }, locale: 'zh-CN' };

export async function createAccount(server: E2eServer, role: AdminRole, username: string) {
  const password = `Passw0rd-${username}`;
  await server.container.services.adminAccounts.create(systemBy('e2e'), {
    username,
    password,
    displayName: `端到端${username}`,
    role,
  });
  return { username, password };
}

export async function signIn(
  page: Page,
  base: string,
  account: { username: string; password: string },
) {
  await page.goto(`${base}/admin/login`);
  await page.getByPlaceholder('用户名').fill(account.username);
  await page.getByPlaceholder('密码').fill(account.password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.getByRole('menu').waitFor();
}

export async function apiToken(base: string, account: { username: string; password: string }) {
  const res = await fetch(`${base}/api/admin/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(account),
  });
  if (!res.ok) throw new Error(`login → ${res.status}`);
  return ((await res.json()) as { token: string }).token;
}

/** A store order for a sandbox identity, signed like a POS system (integration key `sandbox`). */
export async function storeOrder(base: string, openid: string, amountFen: number) {
  const res = await posPost(base, '/api/integrations/orders', {
    orderNo: `E2EADM${Date.now()}`,
    member: { openid },
    channel: 'store',
    storeCode: 'SH001',
    paidAt: new Date().toISOString(),
    amount: amountFen,
    items: [{ sku: 'SKU9', name: '真丝衬衫', category: '上装', quantity: 1, unitPrice: amountFen }],
  });
  if (res.status !== 200) throw new Error(`order → ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { memberNo: string; tier: { code: string } };
}
