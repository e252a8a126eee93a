import type { PerkPeriod } from './period';

/**
 * What a member sees on a perk card:
 * - `locked`: only higher tiers have it ("升级到金卡解锁") and the member holds none;
 * - `claimed`: the member holds an unused, unexpired instance (code and expiry shown);
 * - `claimable`: quota left in the current period;
 * - `auto`: issued by the system (birthday gifts), nothing to claim yet;
 * - `used`: this period's quota is spent and the last instance was used;
 * - `exhausted`: this period's quota is spent otherwise (e.g. the instance expired unused).
 */
export const PERK_STATES = ['locked', 'claimed', 'claimable', 'auto', 'used', 'exhausted'] as const;
export type PerkState = (typeof PERK_STATES)[number];

export interface PerkStateInput {
  /** The member's tier is one the perk is assigned to. */
  available: boolean;
  /** Issued automatically (birthday gifts), never claimed by the member. */
  autoIssued: boolean;
  limit: number;
  /** Instances counted against the quota in the current period. */
  claimedInPeriod: number;
  /** An unused, unexpired instance exists. */
  holdsActive: boolean;
  /** The newest instance of the current period was used. */
  lastUsed: boolean;
}

export function perkState(s: PerkStateInput): PerkState {
  // An instance the member holds stays usable (and shown) even if the tier no longer has the
  // perk or it was granted regardless of tier (points redemption, tasks).
  if (s.holdsActive) return 'claimed';
  if (!s.available) return 'locked';
  if (s.autoIssued) return s.claimedInPeriod > 0 ? (s.lastUsed ? 'used' : 'exhausted') : 'auto';
  if (s.claimedInPeriod < s.limit) return 'claimable';
  return s.lastUsed ? 'used' : 'exhausted';
}

const PERIOD_TEXT: Record<PerkPeriod, string> = {
  month: '每月',
  year: '每年',
  lifetime: '限',
};

/** "每月 2 次", "每年 1 次", "限 1 次". */
export function perkQuotaText(period: PerkPeriod, limit: number): string {
  return period === 'lifetime' ? `限 ${limit} 次` : `${PERIOD_TEXT[period]} ${limit} 次`;
}

export const perkUnlockText = (tierName: string) => `升级到${tierName}解锁`;

/** A short, unambiguous alphabet for redemption codes read aloud or typed at a till. */
export const REDEMPTION_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
export const REDEMPTION_CODE_LENGTH = 10;

/** Maps random bytes to a redemption code (bias-free: 32 symbols, 5 bits per byte). */
export function redemptionCodeFrom(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < REDEMPTION_CODE_LENGTH; i++) {
    out += REDEMPTION_ALPHABET[(bytes[i] ?? 0) & 31];
  }
  return out;
}
