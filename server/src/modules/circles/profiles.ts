import { beijingDayNumber, type CircleCondition, DAY_MS } from '@circles/shared';
import type { Types } from 'mongoose';
import { type Column, columnKey } from './evaluate';
import type { InterestCounts } from './interests';
import { IdIndex, idAt } from './packed';
import type { CircleSourcePorts } from './ports';
import { latestValueColumns, onto, ValueColumnCache, type ValueColumns } from './value-columns';

type Id = Types.ObjectId;
type Rows = Array<{ _id: Id; n: number }>;

/**
 * The member population as columns, read once per build through the other modules' batch
 * methods. Columns are built on first use and kept for the life of the build, so ten circles
 * that test the same fields read each source once; fields no rule uses are never read.
 */
export class Profiles {
  readonly memberNo: string[] = [];
  readonly nickname: string[] = [];
  /** Member ids packed, with a hash index (a Map of 1M hex strings costs seconds of GC). */
  private readonly index = new IdIndex(1 << 16);
  private readonly columns = new Map<string, Promise<Column>>();
  private base: Map<string, Column> | null = null;
  builtAt: Date;

  private constructor(
    private readonly ports: CircleSourcePorts,
    private readonly interests: InterestCounts,
    private readonly storeCities: Record<string, string>,
    private readonly now: Date,
  ) {
    this.builtAt = now;
  }

  static async build(
    ports: CircleSourcePorts,
    interests: InterestCounts,
    storeCities: Record<string, string>,
    now: Date,
    valueCache = new ValueColumnCache(),
  ): Promise<Profiles> {
    const p = new Profiles(ports, interests, storeCities, now);
    // Every preview reads value columns: the snapshots are read alongside the members.
    const [, value] = await Promise.all([
      p.loadMembers(),
      latestValueColumns(ports.value, valueCache),
    ]);
    p.value = value;
    return p;
  }

  get n(): number {
    return this.index.n;
  }

  /** Member i's id. */
  idAt(i: number): Id {
    return idAt(this.index.ids, i);
  }

  /** Every member's id, 12 bytes each, in population order. */
  get ids(): Uint8Array {
    return this.index.ids;
  }

  indexOf(id: Id): number | undefined {
    return this.index.get(id.id);
  }

  indexOfBytes(id: Uint8Array): number | undefined {
    return this.index.get(id);
  }

  private readonly tier: string[] = [];
  private readonly birthdayMonth: number[] = [];
  private readonly joinedAt: number[] = [];

  private async loadMembers() {
    for await (const m of this.ports.members.streamActive()) {
      this.index.add(m._id.id);
      this.memberNo.push(m.memberNo);
      this.nickname.push(m.nickname);
      this.tier.push(m.tierCode);
      this.birthdayMonth.push(m.birthday ? Number(m.birthday.slice(5, 7)) : Number.NaN);
      this.joinedAt.push(m.createdAt.getTime());
    }
  }

  column(c: CircleCondition): Promise<Column> {
    const key = columnKey(c);
    let col = this.columns.get(key);
    if (!col) {
      col = this.buildColumn(c);
      this.columns.set(key, col);
    }
    return col;
  }

  /** Every column a rule reads, ready for the synchronous evaluator. */
  async columnsFor(conditions: CircleCondition[]): Promise<Map<string, Column>> {
    const out = new Map<string, Column>();
    for (const c of conditions) out.set(columnKey(c), await this.column(c));
    return out;
  }

  private fromRows(rows: Rows): Column {
    const values = new Float64Array(this.n); // no activity counts as 0
    for (const r of rows) {
      const i = this.indexOf(r._id);
      if (i !== undefined) values[i] = r.n;
    }
    return { type: 'number', values };
  }

  private enumOf(get: (i: number) => string | null): Column {
    const dict = new Map<string, number>();
    const codes = new Int32Array(this.n).fill(-1);
    for (let i = 0; i < this.n; i++) {
      const v = get(i);
      if (v === null) continue;
      let code = dict.get(v);
      if (code === undefined) {
        code = dict.size;
        dict.set(v, code);
      }
      codes[i] = code;
    }
    return { type: 'enum', codes, dict };
  }

  private setOf(pairs: Iterable<[number, string]>): Column {
    const bitmaps = new Map<string, Uint8Array>();
    for (const [i, v] of pairs) {
      let bm = bitmaps.get(v);
      if (!bm) {
        bm = new Uint8Array(this.n);
        bitmaps.set(v, bm);
      }
      bm[i] = 1;
    }
    return { type: 'set', bitmaps };
  }

  private since(days: number): Date {
    return new Date(this.now.getTime() - days * DAY_MS);
  }

  private value: ValueColumns | null = null;

  /** The latest value run's scores over this population. */
  private valueColumns(): Map<string, Column> {
    this.base ??= onto(this.value, this);
    return this.base;
  }

  private async buildColumn(c: CircleCondition): Promise<Column> {
    const days = c.days ?? 0;
    switch (c.field) {
      case 'segment':
      case 'rScore':
      case 'fScore':
      case 'mScore':
      case 'recencyDays':
      case 'frequency':
      case 'monetaryFen':
      case 'pAlive':
      case 'expectedPurchases90d':
      case 'clv12mFen':
      case 'influenceScore':
        return this.valueColumns().get(c.field)!;
      case 'tier':
        return this.enumOf((i) => this.tier[i] ?? null);
      case 'birthdayMonth':
        return { type: 'number', values: Float64Array.from(this.birthdayMonth) };
      case 'joinedDays': {
        const today = beijingDayNumber(this.now);
        return {
          type: 'number',
          values: Float64Array.from(this.joinedAt, (t) => today - beijingDayNumber(t)),
        };
      }
      case 'pointsBalance':
      case 'walletBalanceFen': {
        const values = new Float64Array(this.n);
        const src = c.field === 'pointsBalance' ? this.ports.points : this.ports.wallet;
        for await (const b of src.streamBalances()) {
          const i = this.indexOf(b.memberId);
          if (i !== undefined) values[i] = b.balance;
        }
        return { type: 'number', values };
      }
      case 'paidMember': {
        const values = new Uint8Array(this.n);
        for (const id of await this.ports.payments.activeMemberIds(this.now)) {
          const i = this.indexOf(id);
          if (i !== undefined) values[i] = 1;
        }
        return { type: 'boolean', values };
      }
      case 'tags':
        return this.setOfAsync(
          this.mapped(this.ports.tags.streamMemberTags(), (r) => [r.memberId, r.tagId]),
        );
      case 'consultant':
        return this.setOfAsync(
          this.mapped(this.ports.relations.streamActivePairs(), (r) => [
            r.memberId,
            r.consultantUserId,
          ]),
        );
      case 'store':
      case 'city':
        return this.storeColumn(c.field);
      case 'purchasedCategory':
      case 'spendFen':
      case 'orders':
        return this.orderColumn(c.field, days);
      case 'eventAttendances':
        return this.fromRows(await this.ports.engagement.attendancesSince(this.since(days)));
      case 'shares':
        return this.fromRows(await this.ports.engagement.sharesSince(this.since(days)));
      case 'invites':
        return this.fromRows(await this.ports.engagement.invitesSince(this.since(days)));
      case 'reviews':
        return this.fromRows(await this.ports.engagement.reviewsSince(this.since(days)));
      case 'interest':
        return this.fromRows(await this.interests.clicksSince(String(c.topic), this.since(days)));
      default:
        throw new Error(`no column for field ${c.field}`);
    }
  }

  private async *mapped<T>(
    rows: AsyncIterable<T>,
    f: (r: T) => [Id, string],
  ): AsyncIterable<[number, string]> {
    for await (const r of rows) {
      const [id, v] = f(r);
      const i = this.indexOf(id);
      if (i !== undefined) yield [i, v];
    }
  }

  private async setOfAsync(pairs: AsyncIterable<[number, string]>): Promise<Column> {
    const list: Array<[number, string]> = [];
    for await (const p of pairs) list.push(p);
    return this.setOf(list);
  }

  /** Home store: where the member's latest order of the last year was paid. */
  private async storeColumn(field: 'store' | 'city'): Promise<Column> {
    const latest = new Map<number, { at: number; store: string }>();
    for await (const o of this.ports.orders.streamSince(this.since(365))) {
      const i = this.indexOf(o.memberId);
      if (i === undefined || !o.storeCode) continue;
      const prev = latest.get(i);
      if (!prev || prev.at < o.paidAt.getTime())
        latest.set(i, { at: o.paidAt.getTime(), store: o.storeCode });
    }
    const of = (i: number) => latest.get(i)?.store ?? null;
    return this.enumOf(field === 'store' ? of : (i) => this.storeCities[of(i) ?? ''] ?? null);
  }

  private async orderColumn(field: string, days: number): Promise<Column> {
    const spend = new Float64Array(this.n);
    const count = new Float64Array(this.n);
    const cats: Array<[number, string]> = [];
    for await (const o of this.ports.orders.streamSince(this.since(days))) {
      const i = this.indexOf(o.memberId);
      if (i === undefined || o.refundable <= 0) continue; // a fully refunded order bought nothing
      spend[i]! += o.refundable;
      count[i]! += 1;
      for (const cat of o.categories) cats.push([i, cat]);
    }
    if (field === 'purchasedCategory') return this.setOf(cats);
    return { type: 'number', values: field === 'spendFen' ? spend : count };
  }
}
