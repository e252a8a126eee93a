import type { AlertKind } from '@circles/shared';
import type { Types } from 'mongoose';

type Id = Types.ObjectId;

/** What the member-health check reads and raises; wired in the composition root, all required. */
export interface MemberHealthPorts {
  value: {
    latestRun(): Promise<{ runId: string } | null>;
    countInSegments(runId: string, segments: string[]): Promise<number>;
    segmentsOf(runId: string, ids: Id[]): Promise<Map<string, string>>;
  };
  alerts: {
    /** Members a churn warning was raised about in [from, to). */
    churnedBetween(from: Date, to: Date): Promise<Id[]>;
    raise(input: {
      kind: AlertKind;
      severity: 'warning' | 'critical';
      title: string;
      detail: string;
      dedupeKey: string;
    }): Promise<{ created: boolean }>;
    latestOpenHealth(): Promise<{ id: string; title: string; dedupeKey: string } | null>;
  };
  members: {
    profilesOf(ids: Id[]): Promise<Map<string, { memberNo: string; nickname: string }>>;
  };
  circles: {
    idsOf(memberId: Id): Promise<ReadonlySet<string>>;
    names(ids: string[]): Promise<Map<string, string>>;
  };
  orders: {
    /** The store of the member's latest order (null when it had none). */
    lastStoreOf(memberId: Id): Promise<string | null>;
  };
  consultants: {
    consultantsOf(memberId: Id): Promise<string[]>;
    names(): Promise<Map<string, string>>;
  };
  perks: { usersSince(since: Date): Promise<Id[]> };
  touches: {
    lastOf(ids: Id[]): Promise<Map<string, { at: Date; kind: string; playbookId: string }>>;
  };
}
