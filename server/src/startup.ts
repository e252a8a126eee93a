import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Container } from './container';
import { ensureDemoAdmin, formatDemoCredentials } from './modules/admin-auth/demo';

const HOUR = 3_600_000;

/**
 * Sandbox demo accounts: created on the first start and kept (mode 600, git-ignored data
 * dir) so a person who restarts the server can still sign in. Never in sandbox-off mode.
 */
export async function demoAccountLines(c: Container): Promise<string[]> {
  if (!c.config.sandbox) return [];
  const file = path.join(c.config.dataDir, 'demo-accounts.txt');
  const created = await ensureDemoAdmin(c.services.adminAccounts);
  if (created.length > 0) {
    const lines = formatDemoCredentials(created).map((l, i) =>
      i === 0 ? `  Demo back-office accounts (also kept in ${file}):` : l,
    );
    if (c.config.env !== 'test') {
      mkdirSync(c.config.dataDir, { recursive: true });
      writeFileSync(file, `${lines.join('\n')}\n`, { mode: 0o600 });
    }
    return lines;
  }
  if (existsSync(file)) return readFileSync(file, 'utf8').trimEnd().split('\n');
  return [];
}

/**
 * Runs the periodic jobs. Each job is idempotent and holds a lease, so running them hourly
 * on every instance is safe: whoever holds the lease does the due work, the rest skip.
 */
export function scheduleJobs(c: Container): () => void {
  const runAll = async () => {
    try {
      await c.services.tierJob.run();
    } catch (err) {
      c.logger.error({ err }, 'scheduled job failed');
    }
  };
  const first = setTimeout(runAll, 60_000);
  const every = setInterval(runAll, HOUR);
  first.unref();
  every.unref();
  return () => {
    clearTimeout(first);
    clearInterval(every);
  };
}
