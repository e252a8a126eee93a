import { BEIJING_TZ } from '@circles/shared';
import { Cron } from 'croner';
import type { Logger } from '../lib/logger';

/** A job that runs at fixed Beijing times; the job itself holds a lease and skips done work. */
export interface ScheduledJob {
  name: string;
  /** Cron pattern (minute hour day month weekday), read in Asia/Shanghai. */
  cron: string;
  /**
   * Also run shortly after start-up: for jobs keyed by day that skip a day already done, so a
   * server that was down at the scheduled time still does the day's work.
   */
  catchUp?: boolean;
  run(): Promise<unknown>;
}

export interface SchedulerOptions {
  /** Delay of the catch-up runs after start (default 60 s: let start-up traffic settle). */
  catchUpAfterMs?: number;
}

/**
 * Runs each job at its Beijing times. Every instance schedules every job; the jobs' leases
 * decide who does the work, so a second server is harmless. `protect` skips a tick while the
 * previous run of the same job is still going in this process.
 */
export function startScheduler(
  jobs: ScheduledJob[],
  logger: Logger,
  opts: SchedulerOptions = {},
): () => void {
  const run = async (job: ScheduledJob) => {
    try {
      await job.run();
    } catch (err) {
      logger.error({ err, job: job.name }, 'scheduled job failed');
    }
  };
  const crons = jobs.map(
    (job) =>
      new Cron(job.cron, { name: job.name, timezone: BEIJING_TZ, protect: true, unref: true }, () =>
        run(job),
      ),
  );
  const catchUp = setTimeout(() => {
    for (const job of jobs) if (job.catchUp) void run(job);
  }, opts.catchUpAfterMs ?? 60_000);
  catchUp.unref();
  return () => {
    clearTimeout(catchUp);
    for (const c of crons) c.stop();
  };
}

/** The next Beijing run times of a pattern, for the schedule table in logs and tests. */
export function nextRuns(cron: string, n: number, from: Date): Date[] {
  return new Cron(cron, { timezone: BEIJING_TZ, paused: true }).nextRuns(n, from);
}
