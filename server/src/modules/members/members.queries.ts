import { Types } from 'mongoose';
import type { MemberDoc, MemberModels } from './member.model';

/** A page of members in `_id` order, for jobs that walk members and resume from a cursor. */
export interface MemberScan {
  /** Resume after this member id (exclusive). */
  after?: string | null;
  limit: number;
  /** Default 'active'. */
  status?: 'active' | 'any';
  tierCodes?: string[];
  /** Two-digit month: members whose `YYYY-MM-DD` birthday falls in it. */
  birthdayMonth?: string;
  /** Members whose tier evaluation is due at or before this instant. */
  tierDueBy?: Date;
}

export interface MemberSearch {
  memberNo?: string;
  phoneHash?: string;
  tierCode?: string;
  page: number;
  pageSize: number;
}

type Filter = Record<string, unknown>;

/** Read-side queries other modules use instead of the member models (batch forms for jobs). */
export class MemberQueries {
  constructor(private readonly m: MemberModels) {}

  /** A page of members with only `fields` read (the jobs walk every member: keep it small). */
  async scan<K extends keyof MemberDoc>(
    s: MemberScan,
    fields: K[],
  ): Promise<Array<Pick<MemberDoc, K | '_id'>>> {
    const filter: Filter = s.status === 'any' ? {} : { status: 'active' };
    if (s.tierCodes) filter.tierCode = { $in: s.tierCodes };
    if (s.birthdayMonth) filter.birthday = { $regex: `^\\d{4}-${s.birthdayMonth}-\\d{2}$` };
    if (s.tierDueBy) filter.tierDueAt = { $ne: null, $lte: s.tierDueBy };
    if (s.after) filter._id = { $gt: new Types.ObjectId(s.after) };
    const projection = Object.fromEntries(fields.map((f) => [f, 1]));
    return this.m.Member.find(filter, { _id: 1, ...projection })
      .sort({ _id: 1 })
      .limit(s.limit)
      .lean<Array<Pick<MemberDoc, K | '_id'>>>();
  }

  /** Birthday months (1–12) by member id, for those of `ids` who gave a birthday. */
  async birthdayMonthsOf(ids: Types.ObjectId[]): Promise<Map<string, number>> {
    const rows = await this.m.Member.find(
      { _id: { $in: ids }, birthday: { $ne: null } },
      { birthday: 1 },
    ).lean();
    // Stored as YYYY-MM-DD (a calendar date, no time zone to convert).
    return new Map(rows.map((r) => [String(r._id), Number(r.birthday!.slice(5, 7))]));
  }

  /** Active members per tier code. */
  async countByTier(): Promise<Map<string, number>> {
    const rows = await this.m.Member.aggregate<{ _id: string; n: number }>([
      { $match: { status: 'active' } },
      { $group: { _id: '$tierCode', n: { $sum: 1 } } },
    ]);
    return new Map(rows.map((r) => [r._id, r.n]));
  }

  countInTier(tierCode: string): Promise<number> {
    return this.m.Member.countDocuments({ tierCode, status: 'active' });
  }

  /** Every member document, merged ones included (for estimates and empty-database checks). */
  estimatedCount(): Promise<number> {
    return this.m.Member.estimatedDocumentCount();
  }

  /** Lifetime spend (fen) of every active member, for the seed summary's concentration figure. */
  async activeSpends(): Promise<number[]> {
    const rows = await this.m.Member.find({ status: 'active' }, { _id: 0, totalSpend: 1 }).lean();
    return rows.map((m) => m.totalSpend);
  }

  /** Members by number, merged ones included (callers resolve them to the survivor). */
  byMemberNos(memberNos: string[]): Promise<MemberDoc[]> {
    return this.m.Member.find({ memberNo: { $in: memberNos } }).lean();
  }

  async memberNosOf(ids: Array<Types.ObjectId | string>): Promise<Map<string, string>> {
    const docs = await this.m.Member.find({ _id: { $in: ids } }, { memberNo: 1 }).lean();
    return new Map(docs.map((d) => [String(d._id), d.memberNo]));
  }

  /** Member numbers and nicknames by id (lists that name members). */
  async profilesOf(
    ids: Types.ObjectId[],
  ): Promise<Map<string, { memberNo: string; nickname: string }>> {
    const docs = await this.m.Member.find(
      { _id: { $in: ids } },
      { memberNo: 1, nickname: 1 },
    ).lean();
    return new Map(
      docs.map((d) => [String(d._id), { memberNo: d.memberNo, nickname: d.nickname }]),
    );
  }

  /** The back-office member list: newest first, paged. */
  async search(q: MemberSearch): Promise<{ rows: MemberDoc[]; total: number }> {
    const filter: Filter = { status: 'active' };
    if (q.memberNo) filter.memberNo = q.memberNo;
    if (q.phoneHash) filter.phoneHash = q.phoneHash;
    if (q.tierCode) filter.tierCode = q.tierCode;
    const [rows, total] = await Promise.all([
      this.m.Member.find(filter)
        .sort({ _id: -1 })
        .skip((q.page - 1) * q.pageSize)
        .limit(q.pageSize)
        .lean(),
      this.m.Member.countDocuments(filter),
    ]);
    return { rows, total };
  }

  /** Totals are derived from the orders; the orders module recomputes and stores them here. */
  async setTotals(memberId: Types.ObjectId, t: { totalSpend: number; orderCount: number }) {
    await this.m.Member.updateOne({ _id: memberId }, { $set: t });
  }

  /** Every active member once, streamed in no particular order (one pass, no sort). */
  async *streamActive() {
    const cursor = this.m.Member.find(
      { status: 'active' },
      { memberNo: 1, nickname: 1, tierCode: 1, birthday: 1, createdAt: 1 },
    )
      .lean<
        Pick<MemberDoc, '_id' | 'memberNo' | 'nickname' | 'tierCode' | 'birthday' | 'createdAt'>
      >()
      .cursor({ batchSize: 10_000 });
    for await (const m of cursor) yield m;
  }
}
