import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Container } from './container';
import { ensureDemoAdmin, formatDemoCredentials } from './modules/admin-auth/demo';
import { populateDemoWeCom } from './sandbox/wecom/wecom-demo';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

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
 * Sandbox only: points the fake WeCom's callbacks at the port actually bound and, on the first
 * start with demo data, gives it the demo consultants and customers. Returns a hint for the
 * printed sidebar URL.
 */
export async function startDemoWeCom(c: Container, port: number): Promise<string> {
  const fake = c.services.integrations.sandbox?.wecom;
  if (!fake) return '';
  fake.control.setCallbackUrl(`http://127.0.0.1:${port}/callbacks/wecom`);
  if (c.config.seedDemo !== 'off') {
    const s = await populateDemoWeCom(c);
    if (s) c.logger.info(s, 'sandbox WeCom: demo consultants and customers added');
  }
  const n = fake.control.listConsultants().length;
  return n > 0 ? `   (sandbox: pick one of ${n} consultants and a customer)` : '';
}

interface Scheduled {
  name: string;
  everyMs: number;
  run(): Promise<unknown>;
}

/** Every periodic job and how often it looks for due work. */
function periodicJobs(c: Container): Scheduled[] {
  const s = c.services;
  return [
    { name: 'tiers', everyMs: HOUR, run: () => s.tierJob.run() },
    // Scans once per China-time day (it skips when today's run is done).
    { name: 'perks-birthday', everyMs: HOUR, run: () => s.perkBirthdayJob.run() },
    // Tag library resync and tier-tag drift repair, once per UTC day.
    { name: 'wecom-daily', everyMs: HOUR, run: () => s.wecomDailySync.schedule() },
    // Pays referral rewards once the cooling-off period has passed.
    { name: 'referral-qualify', everyMs: HOUR, run: () => s.referralJob.run() },
    // Marks no-shows of events that have ended.
    { name: 'events-finish', everyMs: HOUR, run: () => s.events.finishEnded() },
    // Nightly value scoring (RFM, CLV, warnings); skips a day already scored.
    { name: 'value', everyMs: HOUR, run: () => s.valueJob.runDue() },
    // Writes expiry entries for lapsed points lots (leased, resumable).
    { name: 'points-expiry', everyMs: HOUR, run: () => s.pointsExpiryJob.run() },
    // Catches missed WeChat Pay notifications and closes expired orders.
    { name: 'wxpay-reconcile', everyMs: 5 * MINUTE, run: () => s.payReconcile.run() },
  ];
}

/**
 * Runs the periodic jobs. Each job is idempotent and holds a lease, so running them on every
 * instance is safe: whoever holds the lease does the due work, the rest skip.
 */
export function scheduleJobs(c: Container): () => void {
  const timers: NodeJS.Timeout[] = [];
  for (const job of periodicJobs(c)) {
    const run = async () => {
      try {
        await job.run();
      } catch (err) {
        c.logger.error({ err, job: job.name }, 'scheduled job failed');
      }
    };
    timers.push(setTimeout(run, MINUTE), setInterval(run, job.everyMs));
  }
  for (const t of timers) t.unref();
  return () => {
    for (const t of timers) clearTimeout(t);
  };
}
