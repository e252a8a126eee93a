import { BulkCollection } from '../../lib/bulk';
import type { IdentityDoc, MemberDoc, MemberModels } from './member.model';
import { formatMemberNo } from './members.service';

/** The member collections lent to the bulk import, plus member numbers reserved in blocks. */
export class MemberBulk {
  readonly members: BulkCollection<MemberDoc>;
  readonly identities: BulkCollection<IdentityDoc>;

  constructor(private readonly m: MemberModels) {
    this.members = new BulkCollection(m.Member);
    this.identities = new BulkCollection(m.Identity);
  }

  /** Reserves `n` consecutive member numbers with one $inc of the shared counter. */
  async reserveMemberNos(n: number): Promise<string[]> {
    if (n === 0) return [];
    const c = await this.m.Counter.findOneAndUpdate(
      { _id: 'memberNo' },
      { $inc: { seq: n } },
      { upsert: true, returnDocument: 'after' },
    ).lean();
    const last = c?.seq ?? n;
    return Array.from({ length: n }, (_, i) => formatMemberNo(last - n + 1 + i));
  }
}
