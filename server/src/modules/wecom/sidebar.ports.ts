import type { Types } from 'mongoose';

/** Optional ports to other helpers' modules; the lead wires the real services. */
export interface SidebarPorts {
  circles: {
    circlesOf(
      memberId: Types.ObjectId,
    ): Promise<Array<{ id: string; name: string; color: string }>>;
  };
  points: { balance(memberId: Types.ObjectId): Promise<{ balance: number }> };
  wallet: { view(memberId: Types.ObjectId): Promise<{ balance: number }> };
  perks: {
    /** The member's claimed/available perks in the sidebar's shape (`member`: already loaded). */
    sidebarPerks(
      memberId: Types.ObjectId,
      member?: { _id: Types.ObjectId; tierCode: string },
    ): Promise<
      {
        perkCode: string;
        perkName: string;
        status: 'available' | 'claimed' | 'used' | 'expired';
        redemptionCode: string | null;
        expiresAt: string | null;
      }[]
    >;
    markUsed(
      redemptionCode: string,
      by: string,
    ): Promise<{ perkCode: string; perkName: string; memberNo: string; usedAt: string }>;
  };
  events: {
    upcomingFor(
      memberId: Types.ObjectId,
    ): Promise<{ eventId: string; title: string; startAt: string }[]>;
  };
}
