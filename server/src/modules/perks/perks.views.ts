import type { MemberPerk, PerkInstanceView, PerkState } from '@circles/shared';
import type { PerkDoc, PerkInstanceDoc } from './perks.model';

export function instanceView(
  i: PerkInstanceDoc,
  perk: PerkDoc,
  memberNo: string,
  now: Date,
): PerkInstanceView {
  return {
    perkCode: perk._id,
    perkName: perk.name,
    kind: perk.kind,
    memberNo,
    redemptionCode: i.redemptionCode,
    // A revoked instance (its paid membership refunded) can no longer be used: expired.
    status: i.usedAt ? 'used' : i.revokedAt || i.expiresAt <= now ? 'expired' : 'claimed',
    source: i.source,
    claimedAt: i.claimedAt.toISOString(),
    expiresAt: i.expiresAt.toISOString(),
    usedAt: i.usedAt?.toISOString() ?? null,
    coupon: i.coupon ?? null,
  };
}

export interface RedeemedBy {
  kind: 'integration' | 'consultant' | 'admin';
  id: string;
  storeCode?: string | null;
}

/** What `markUsed` answers: the instance (used, so `usedAt` is set) and whether this call used it. */
export type PerkRedeemed = PerkInstanceView & {
  usedAt: string;
  firstUse: boolean;
  discountFen: number | null;
};

/** A perk card in the consultant sidebar (shared/src/api/sidebar.ts `sidebarPerk`). */
export interface SidebarPerk {
  perkCode: string;
  perkName: string;
  status: 'available' | 'claimed' | 'used' | 'expired';
  redemptionCode: string | null;
  expiresAt: string | null;
}

const SIDEBAR_STATUS: Record<Exclude<PerkState, 'locked'>, SidebarPerk['status']> = {
  claimable: 'available',
  auto: 'available',
  claimed: 'claimed',
  used: 'used',
  exhausted: 'expired',
};

/** `"consultant:zhangsan"` (the sidebar's form) or a structured actor. */
export const actorOf = (by: RedeemedBy | string): RedeemedBy => {
  if (typeof by !== 'string') return by;
  const i = by.indexOf(':');
  const kind = by.slice(0, i);
  return kind === 'consultant' || kind === 'admin' || kind === 'integration'
    ? { kind, id: by.slice(i + 1) }
    : { kind: 'integration', id: by };
};

/** The sidebar shows the member's own perks only. */
export function toSidebarPerks(perks: readonly MemberPerk[]): SidebarPerk[] {
  return perks.flatMap((p) =>
    p.state === 'locked'
      ? []
      : [
          {
            perkCode: p.code,
            perkName: p.name,
            status: SIDEBAR_STATUS[p.state],
            redemptionCode: p.instance?.redemptionCode ?? null,
            expiresAt: p.instance?.expiresAt ?? null,
          },
        ],
  );
}
