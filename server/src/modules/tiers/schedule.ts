import { nextRuns } from '../../platform/scheduler';

/**
 * The tier job's Beijing schedule: every hour at minute 5 (due dates fall at any hour). A saved
 * ladder is applied to every member by the first run after the save.
 */
export const TIER_JOB_CRON = '5 * * * *';

/** The first tier-job run after `from` (Beijing schedule, as a UTC instant). */
export function nextTierRun(from: Date): Date {
  const [next] = nextRuns(TIER_JOB_CRON, 1, from);
  if (!next) throw new Error(`no next run for ${TIER_JOB_CRON}`);
  return next;
}
