import { parseArgs } from 'node:util';
import { adminPassword, adminRole, adminUsername } from '@circles/shared';
import type { z } from 'zod';
import { openCliContainer } from '../../lib/cli';
import type { Container } from '../../container';
import { isAppError } from '../../lib/errors';
import { systemBy } from '../audit';
import { generatePassword } from './password';

const USAGE = `usage: tsx src/modules/admin-auth/cli.ts <command>

  create <username> <role> [--name 显示名]   create an account (roles: admin, ops, analyst, consultant-manager)
  reset-password <username>                 set a new password and end the account's sessions

Prints the generated password once on stdout. Opens MONGODB_URI, or the embedded engine in
the data dir like npm start (stop the server first). Changes are audited as system 'admin-cli'.`;

function fail(message: string, code = 1): never {
  process.stderr.write(`admin-account: ${message}\n`);
  process.exit(code);
}

function parsed<T extends z.ZodType>(schema: T, v: unknown, what: string): z.infer<T> {
  const r = schema.safeParse(v);
  if (!r.success) fail(`invalid ${what}: ${String(v)}`, 2);
  return r.data;
}

async function run(c: Container, command: string, args: string[], name?: string): Promise<string> {
  const accounts = c.services.adminAccounts;
  const by = systemBy('admin-cli');
  // Generated passwords always meet the API's policy, so an admin can keep using them.
  let password = generatePassword();
  while (!adminPassword.safeParse(password).success) password = generatePassword();
  const username = parsed(adminUsername, args[0], 'username');
  if (command === 'create') {
    const role = parsed(adminRole, args[1], 'role (admin, ops, analyst, consultant-manager)');
    await accounts.create(by, { username, role, password, displayName: name ?? username });
    return `created ${username} (${role}); password: ${password}`;
  }
  const found = await accounts.byUsername(username);
  if (!found) fail(`no account named ${username}`);
  await accounts.update(by, found.id, { password });
  return `new password for ${username}: ${password} (its open sessions have ended)`;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { name: { type: 'string' }, help: { type: 'boolean', default: false } },
  });
  const [command, ...args] = positionals;
  const arity: Record<string, number> = { create: 2, 'reset-password': 1 };
  if (values.help || !command || arity[command] !== args.length) fail(USAGE, values.help ? 0 : 2);
  const container = await openCliContainer();
  try {
    process.stdout.write(`${await run(container, command, args, values.name)}\n`);
  } catch (err) {
    await container.close();
    fail(isAppError(err) ? err.message : ((err as Error).stack ?? String(err)));
  }
  await container.close();
}

main().catch((err: unknown) => fail((err as Error).stack ?? String(err)));
