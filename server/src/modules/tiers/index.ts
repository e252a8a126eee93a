export { TIER_JOB_CRON } from './schedule';
export { TierJob } from './tiers.job';
export type { TierChangeDoc } from './tiers.model';
export { TiersService } from './tiers.service';
export type { Ladder } from './tiers.service';
