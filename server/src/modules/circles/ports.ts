import type { Types } from 'mongoose';

type Id = Types.ObjectId;

/** A member's scores in one value run. */
export interface ValueSnapshot {
  memberId: Id;
  segment: string;
  rScore: number;
  fScore: number;
  mScore: number;
  recencyDays: number;
  frequency: number;
  monetaryFen: number;
  pAlive: number | null;
  expectedPurchases90d: number | null;
  clv12mFen: number | null;
  influenceScore: number;
}

/** What circles read from other modules, streamed in batches (a brand may have 1M members). */
export interface CircleSourcePorts {
  members: {
    /** Every active member once, in no particular order. */
    streamActive(): AsyncIterable<{
      _id: Id;
      memberNo: string;
      nickname: string;
      tierCode: string;
      birthday: string | null;
      createdAt: Date;
    }>;
  };
  value: {
    /** The latest finished value run's per-member scores, or nothing before the first run. */
    latestSnapshots(): AsyncIterable<ValueSnapshot>;
    latestRun(): Promise<{ runId: string; finishedAt: Date | null } | null>;
    /** One run's snapshots (runs are keyed by Beijing day): columns and circle flows. */
    snapshotsOf(runId: string): AsyncIterable<ValueSnapshot>;
  };
  tags: {
    /** Every (member, tag id) pair, system and WeCom tags alike. */
    streamMemberTags(): AsyncIterable<{ memberId: Id; tagId: string }>;
    /** Tag ids with their display names (group / name). */
    options(): Promise<Array<{ value: string; label: string }>>;
  };
  relations: {
    streamActivePairs(): AsyncIterable<{ memberId: Id; consultantUserId: string }>;
  };
  points: { streamBalances(): AsyncIterable<{ memberId: Id; balance: number }> };
  wallet: { streamBalances(): AsyncIterable<{ memberId: Id; balance: number }> };
  payments: { activeMemberIds(at: Date): Promise<Id[]> };
  orders: {
    /** Orders paid since a date: what the windowed spend, order and category fields count. */
    streamSince(since: Date): AsyncIterable<{
      memberId: Id;
      paidAt: Date;
      refundable: number;
      storeCode: string | null;
      categories: string[];
    }>;
  };
  engagement: {
    attendancesSince(since: Date): Promise<Array<{ _id: Id; n: number }>>;
    sharesSince(since: Date): Promise<Array<{ _id: Id; n: number }>>;
    invitesSince(since: Date): Promise<Array<{ _id: Id; n: number }>>;
    reviewsSince(since: Date): Promise<Array<{ _id: Id; n: number }>>;
  };
  /** Perk usage per member since a date (the circle perk-penetration figure). */
  perks: { usersSince(since: Date): Promise<Id[]> };
  tiers: { options(): Promise<Array<{ value: string; label: string }>> };
}
