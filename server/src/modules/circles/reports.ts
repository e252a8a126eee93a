import { beijingDay, beijingDayPlus, DAY_MS } from '@circles/shared';
import type { Types } from 'mongoose';
import type { CircleModels } from './circles.model';
import { MemberSets } from './member-sets';
import { bytesOf, compareAt, ID_BYTES, IdIndex, idAt } from './packed';
import type { CircleSourcePorts } from './ports';

type Id = Types.ObjectId;

/** Penetration under this share inside a circle raises the same alert as for tiers. */
export const PENETRATION_ALERT_BELOW = 0.4;

/** Size trends, entries and exits, penetration and flows: read from the change records. */
export class CircleReports {
  private readonly sets: MemberSets;

  constructor(
    private readonly m: CircleModels,
    private readonly ports: Pick<CircleSourcePorts, 'perks' | 'value'>,
    private readonly now: () => Date,
  ) {
    this.sets = new MemberSets(m);
  }

  async trend(circleId: string, days = 90) {
    const today = this.now();
    const from = beijingDayPlus(today, -days);
    const since30 = beijingDayPlus(today, -30);
    const [daily, changes] = await Promise.all([
      this.m.Daily.find({ circleId, day: { $gte: from } })
        .sort({ day: 1 })
        .lean(),
      this.m.Change.aggregate<{ _id: string; n: number }>([
        { $match: { circleId, day: { $gt: since30 } } },
        { $group: { _id: '$kind', n: { $sum: '$n' } } },
      ]),
    ]);
    const by = new Map(changes.map((c) => [c._id, c.n]));
    return {
      days: daily.map((d) => ({ day: d.day, members: d.members })),
      entries30d: by.get('enter') ?? 0,
      exits30d: by.get('exit') ?? 0,
    };
  }

  async dashboard(revenueShare: (circleId: string) => Promise<number>) {
    const circles = await this.m.Circle.find({ status: 'active' }).sort({ createdAt: 1 }).lean();
    const users = new IdIndex();
    for (const id of await this.ports.perks.usersSince(
      new Date(this.now().getTime() - 90 * DAY_MS),
    ))
      if (users.get(id.id) === undefined) users.add(id.id);
    const items = [];
    for (const c of circles) {
      let members = 0;
      let used = 0;
      for (const { ids } of (await this.sets.read(c._id)).values()) {
        for (let j = 0; j < ids.byteLength / ID_BYTES; j++) {
          members++;
          if (users.get(ids.subarray(j * ID_BYTES, (j + 1) * ID_BYTES)) !== undefined) used++;
        }
      }
      const t = await this.trend(c._id, 30);
      items.push({
        id: c._id,
        name: c.name,
        color: c.color,
        members,
        revenueShare: await revenueShare(c._id),
        perkPenetration: members ? used / members : 0,
        entries30d: t.entries30d,
        exits30d: t.exits30d,
        trend: t.days,
      });
    }
    return { items, penetrationAlertBelow: PENETRATION_ALERT_BELOW };
  }

  /** Circle memberships as they were at the end of a Beijing day, from the change records. */
  private async membershipAt(day: string): Promise<Map<string, Set<string>>> {
    const rows = await this.m.Change.find({ day: { $lte: day } })
      .sort({ day: 1, at: 1, _id: 1 })
      .lean();
    const inside = new Map<string, Set<string>>(); // circle → member ids (hex) inside
    for (const r of rows) {
      let set = inside.get(r.circleId);
      if (!set) {
        set = new Set();
        inside.set(r.circleId, set);
      }
      const ids = bytesOf(r.ids);
      for (let j = 0; j < r.n; j++) {
        const id = idAt(ids, j).toHexString();
        if (r.kind === 'enter') set.add(id);
        else set.delete(id);
      }
    }
    const out = new Map<string, Set<string>>();
    for (const [circleId, members] of inside) {
      for (const id of members) {
        let set = out.get(id);
        if (!set) {
          set = new Set();
          out.set(id, set);
        }
        set.add(circleId);
      }
    }
    return out;
  }

  /** A member's entries and exits, oldest first (scans the packed records; no per-member index). */
  async changesOf(memberId: Id, circleId?: string) {
    const id = memberId.id;
    const rows = await this.m.Change.find(circleId ? { circleId } : {})
      .sort({ at: 1, _id: 1 })
      .lean();
    const out: Array<{ circleId: string; kind: 'enter' | 'exit'; runId: string; at: Date }> = [];
    for (const r of rows) {
      const ids = bytesOf(r.ids);
      for (let j = 0; j < r.n; j++) {
        if (compareAt(ids, j, id, 0) === 0)
          out.push({ circleId: r.circleId, kind: r.kind, runId: r.runId, at: r.at });
      }
    }
    return out;
  }

  /**
   * Who moved where between two days: each member's side is their circles (one link per
   * circle pair) or, outside every circle, their RFM segment of that day's value run.
   */
  async flow(from: string, to: string) {
    const [a, b, names, segA, segB] = await Promise.all([
      this.membershipAt(from),
      this.membershipAt(to),
      this.m.Circle.find({}, { name: 1 }).lean(),
      this.segmentsOn(from),
      this.segmentsOn(to),
    ]);
    const label = new Map(names.map((c) => [c._id, c.name]));
    const sides = (circles: Set<string> | undefined, seg: string | undefined) =>
      circles && circles.size > 0 ? [...circles] : [`segment:${seg ?? '未评分'}`];
    const links = new Map<string, number>();
    for (const id of new Set([...a.keys(), ...b.keys()])) {
      for (const s of sides(a.get(id), segA.get(id))) {
        for (const t of sides(b.get(id), segB.get(id))) {
          const k = `from:${s}\u0000to:${t}`;
          links.set(k, (links.get(k) ?? 0) + 1);
        }
      }
    }
    const nodes = new Map<string, string>();
    const nodeLabel = (id: string) => {
      const raw = id.replace(/^(from|to):/, '');
      const text = raw.startsWith('segment:') ? raw.slice(8) : (label.get(raw) ?? raw);
      return `${text}（${id.startsWith('from:') ? from : to}）`;
    };
    const out = [...links].map(([k, members]) => {
      const [source, target] = k.split('\u0000') as [string, string];
      nodes.set(source, nodeLabel(source));
      nodes.set(target, nodeLabel(target));
      return { source, target, members };
    });
    return {
      from,
      to,
      nodes: [...nodes].map(([id, l]) => ({ id, label: l })),
      links: out.sort((x, y) => y.members - x.members),
    };
  }

  private async segmentsOn(day: string): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    if (day > beijingDay(this.now())) return out;
    for await (const s of this.ports.value.snapshotsOf(day)) out.set(String(s.memberId), s.segment);
    return out;
  }
}
