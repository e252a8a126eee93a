import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Container } from './container';
import { ensureDemoAdmin, formatDemoCredentials } from './modules/admin-auth/demo';
import { TIER_JOB_CRON } from './modules/tiers';
import { startScheduler, type ScheduledJob } from './platform/scheduler';
import { populateDemoWeCom } from './sandbox/wecom/wecom-demo';

/**
 * Sandbox demo accounts: created on the first start and kept (mode 600, git-ignored data
 * dir) so a person who restarts the server can still sign in. Never in sandbox-off mode
 * nor in production.
 */
export async function demoAccountLines(c: Container): Promise<string[]> {
  // A production server in sandbox mode still gets no well-known accounts.
  if (!c.config.sandbox || c.config.env === 'production') return [];
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

/**
 * Every periodic job and its Beijing schedule. Day-keyed jobs skip a day already done and
 * catch up after a restart; the rest look for due work often.
 */
export function periodicJobs(c: Container): ScheduledJob[] {
  const s = c.services;
  return [
    // Tier due dates (downgrades, override ends) fall at any hour; the first run after a
    // ladder save re-evaluates every member with it.
    { name: 'tiers', cron: TIER_JOB_CRON, catchUp: true, run: () => s.tierJob.run() },
    // Birthday gifts of the Beijing month, just after midnight.
    {
      name: 'perks-birthday',
      cron: '10 0 * * *',
      catchUp: true,
      run: () => s.perkBirthdayJob.run(),
    },
    // Tag library resync and tier/segment tag repair, after the value run.
    {
      name: 'wecom-daily',
      cron: '30 3 * * *',
      catchUp: true,
      run: () => s.wecomDailySync.schedule(),
    },
    // Referral rewards once the cooling-off period has passed.
    { name: 'referral-qualify', cron: '20 * * * *', catchUp: true, run: () => s.referralJob.run() },
    // No-shows of events that have ended.
    { name: 'events-finish', cron: '*/15 * * * *', run: () => s.events.finishEnded() },
    // Nightly value scoring (RFM, CLV, warnings) of the Beijing day; skips a day already scored.
    { name: 'value', cron: '0 2 * * *', catchUp: true, run: () => s.valueJob.runDue() },
    // Lots expire at 00:00 Beijing time; expire them right after.
    { name: 'points-expiry', cron: '5 0 * * *', catchUp: true, run: () => s.pointsExpiryJob.run() },
    // Events whose relay a crash interrupted (the writer relays the rest at once).
    // Due playbook steps every minute (an indexed scan of due runs); enrolment with it.
    { name: 'playbooks', cron: '* * * * *', run: () => s.playbookScheduler.queue() },
    { name: 'outbox-sweep', cron: '* * * * *', catchUp: true, run: () => s.domainEvents.sweep() },
    // Missed WeChat Pay notifications and expired orders.
    { name: 'wxpay-reconcile', cron: '*/5 * * * *', run: () => s.payReconcile.run() },
  ];
}

/** Starts the Beijing-time schedule; returns the function that stops it. */
export function scheduleJobs(c: Container): () => void {
  return startScheduler(periodicJobs(c), c.logger);
}
