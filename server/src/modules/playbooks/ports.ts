import type { SubscribePurpose } from '@circles/shared';
import type { Types } from 'mongoose';

type Id = Types.ObjectId;

/** What playbooks need from other modules; wired in the composition root, all required. */
export interface PlaybookPorts {
  /** Who is in a circle now and since when (the episode a circle trigger enters on). */
  audience: {
    membersOf(circleId: string): Promise<Array<{ memberId: Id; since: Date }>>;
    exists(circleId: string): Promise<boolean>;
    /** The circles the member is in now (an event trigger's guard). */
    circlesOf(memberId: Id): Promise<ReadonlySet<string>>;
  };
  tiers: {
    /** The tier's rank on the ladder (higher is better); null for an unknown code. */
    rankOf(code: string): Promise<number | null>;
  };
  perks: {
    /** Idempotent by key; throws an AppError when the perk is gone. */
    issue(memberId: Id, perkCode: string, key: string, runId: string): Promise<void>;
    exists(perkCode: string): Promise<boolean>;
  };
  points: {
    credit(memberId: Id, points: number, key: string, runId: string): Promise<void>;
  };
  messages: {
    /** Idempotent by key: the outcome of the first send for this key. */
    send(input: {
      memberId: Id;
      purpose: SubscribePurpose;
      data: Record<string, string>;
      page?: string;
      key: string;
    }): Promise<{ status: string; errcode?: number }>;
  };
  tags: {
    edit(memberId: Id, tagId: string, action: 'add' | 'remove', key: string): Promise<void>;
  };
  consultants: {
    consultantsOf(memberId: Id): Promise<string[]>;
    /** Idempotent by sourceKey; returns the follow-up's id. */
    createTask(input: {
      memberId: Id;
      consultantUserId: string;
      title: string;
      script: string[];
      outcomes: string[];
      dueAt: Date;
      sourceKey: string;
    }): Promise<string>;
  };
  orders: {
    /** The member's paid amount (fen) since `since`, 0 when nothing was bought. */
    paidSince(memberId: Id, since: Date): Promise<number>;
  };
  members: {
    nameOf(memberId: Id): Promise<string>;
    /** Birthday months (1–12) of those of `ids` who gave a birthday. */
    birthdayMonthsOf(ids: Id[]): Promise<Map<string, number>>;
  };
  /** What the signal triggers (leaves circle, event no-show, points expiring) enter on. */
  signals: {
    /** Members who left the circle at a materialisation since `since`, with when. */
    exitsSince(circleId: string, since: Date): Promise<Array<{ memberId: Id; at: Date }>>;
    /** Seat holders marked no-show by events that ended since `since`. */
    noShowsSince(
      since: Date,
    ): Promise<Array<{ memberId: Id; eventId: string; title: string; at: Date }>>;
    /** Accounts whose next lot expires in (now, until], with the points of that lot. */
    pointsExpiring(
      now: Date,
      until: Date,
    ): Promise<Array<{ memberId: Id; expiresAt: Date; points: number }>>;
  };
}
