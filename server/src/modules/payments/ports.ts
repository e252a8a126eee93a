import type { PerkBody } from '@circles/shared';
import type { Types } from 'mongoose';

/** The slice of WalletService payments uses (WalletService satisfies it as it is). */
export interface WalletPort {
  /** Bonus the active 储值满赠 rules give for this principal (fen). */
  bonusFor(principal: number): Promise<number>;
  /** Credits principal and bonus (rules decide the bonus when omitted); idempotent by key. */
  topUp(input: {
    memberId: Types.ObjectId;
    principal: number;
    bonus?: number;
    sourceType: string;
    sourceId: string;
    idempotencyKey: string;
    note?: string;
  }): Promise<unknown>;
  /**
   * Takes up to `maxPrincipal` of one top-up's unspent principal out of the wallet and
   * forfeits what is left of its bonus; once per key (a replay returns the first answer).
   */
  refundTopUp(input: {
    memberId: Types.ObjectId;
    topUpSourceId: string;
    topUpSourceType?: string;
    maxPrincipal?: number;
    idempotencyKey: string;
    reason?: string;
  }): Promise<{ principal: number; bonus: number }>;
}

/** Issues perk instances regardless of tier (paid-membership perks). */
export interface PerksPort {
  issue(
    memberId: Types.ObjectId,
    perkCode: string,
    opts: { idempotencyKey: string; sourceType: string; sourceId: string; validUntil?: Date },
  ): Promise<unknown>;
  /** Ends one source's unused instances at `at`; revokes them when `at` is now or past. */
  endBySource(sourceType: string, sourceId: string, at: Date): Promise<number>;
  catalog: {
    find(code: string): Promise<unknown>;
    create(body: PerkBody): Promise<unknown>;
  };
}

/** Where an ABNORMAL refund tells ops (the value engine's alerts; idempotent by dedupeKey). */
export interface RefundAlertsPort {
  raise(alert: {
    kind: 'wxpay_refund_abnormal';
    memberId: Types.ObjectId;
    severity: 'critical';
    title: string;
    detail: string;
    dedupeKey: string;
  }): Promise<unknown>;
}

/** The key a paid top-up is credited under. */
export const topUpKeyOf = (outTradeNo: string) => `wxpay:${outTradeNo}`;
