import { Types } from 'mongoose';
import type { CircleModels } from './circles.model';
import { MemberSets } from './member-sets';
import type { CircleMemberships } from './memberships';
import { bytesOf, ID_BYTES } from './packed';

/** Who is in a circle, for the modules that act on whole circles (playbooks). */
export class CircleAudience {
  private readonly sets: MemberSets;

  constructor(
    private readonly m: CircleModels,
    private readonly memberships: CircleMemberships,
  ) {
    this.sets = new MemberSets(m);
  }

  /** Members of the circle at the last materialisation, with the instant they entered. */
  async membersOf(circleId: string): Promise<Array<{ memberId: Types.ObjectId; since: Date }>> {
    const { n, ids, since } = await this.sets.listed(circleId);
    const out = new Array<{ memberId: Types.ObjectId; since: Date }>(n);
    for (let i = 0; i < n; i++) {
      const memberId = new Types.ObjectId(ids.subarray(i * ID_BYTES, (i + 1) * ID_BYTES));
      out[i] = { memberId, since: new Date(since[i]!) };
    }
    return out;
  }

  /** Is there a circle with this id that is not archived? */
  async exists(circleId: string): Promise<boolean> {
    return (await this.memberships.unknown([circleId])).length === 0;
  }

  /** Members who left the circle at a materialisation since `since`, with its instant. */
  async exitsSince(circleId: string, since: Date) {
    const rows = await this.m.Change.find({ circleId, kind: 'exit', at: { $gte: since } })
      .sort({ at: 1, chunk: 1 })
      .lean();
    const out: Array<{ memberId: Types.ObjectId; at: Date }> = [];
    for (const r of rows) {
      const ids = bytesOf(r.ids);
      for (let i = 0; i < r.n; i++) {
        const id = ids.subarray(i * ID_BYTES, (i + 1) * ID_BYTES);
        out.push({ memberId: new Types.ObjectId(id), at: r.at });
      }
    }
    return out;
  }
}
