import type { MemberRef } from '@circles/shared';
import { Types } from 'mongoose';
import type { Container } from '../../container';
import type { IdentityDoc, IdentityKind, MemberDoc } from '../members';
import { type BulkStore, ID_CHUNK, inChunks } from './bulk-store';
import type { RunCache } from './cache';

type Id = Types.ObjectId;

/** A member this batch must create (its identity row is already written). */
export interface NewMember {
  _id: Id;
  source: string;
  phone?: string;
  nickname?: string;
  createdAt?: Date;
  totalSpend?: number;
  orderCount?: number;
  /** Its identity came from a crashed run, so orders of that run may already exist. */
  healed?: boolean;
  /** The tier its first orders already earn (its upgrade record is written separately). */
  tier?: { code: string; validUntil: Date | null };
}

export interface Resolution {
  /** Active member id per ref key (see `refKey`); refs that can't be resolved are absent. */
  ids: Map<string, Id>;
  /** Members to create with `createMembers` (identity written first, like findOrCreate). */
  creates: NewMember[];
}

interface Wanted {
  kind: IdentityKind;
  value: string;
  source: string;
  phone?: string;
}

/**
 * OneID in bulk, with MembersService's rules: one member per identity (the unique index on
 * member_identities decides), the identity row is written before the member document, an
 * identity whose member document is missing (a crash in between) gets it created, merged
 * members resolve to the survivor, and a phone is stored encrypted with its lookup hash.
 */
export class MemberResolver {
  private readonly newMember;
  private readonly newIdentity;

  constructor(
    private readonly c: Container,
    private readonly store: BulkStore,
    private readonly cache: RunCache,
  ) {
    this.newMember = store.Member.make;
    this.newIdentity = store.Identity.make;
  }

  /** A stable key per member reference; phones key by their lookup hash. */
  refKey(ref: MemberRef): string {
    if (ref.memberNo) return `no:${ref.memberNo}`;
    if (ref.phone) return `phone:${this.c.phoneCrypto.lookupHash(ref.phone)}`;
    return ref.unionid ? `unionid:${ref.unionid}` : `openid:${ref.openid}`;
  }

  async resolve(refs: Array<{ ref: MemberRef; source: string }>): Promise<Resolution> {
    const ids = new Map<string, Id>();
    const creates: NewMember[] = [];
    const memberNos = new Set<string>();
    const wanted = new Map<string, Wanted>();
    for (const { ref, source } of refs) {
      const key = this.refKey(ref);
      const known = this.cache.identities.get(key);
      if (known) ids.set(key, known);
      else if (ref.memberNo) memberNos.add(ref.memberNo);
      else if (!wanted.has(key)) {
        const [kind, value] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)];
        wanted.set(key, { kind: kind as IdentityKind, value, source, phone: ref.phone });
      }
    }
    if (memberNos.size) {
      const found = await inChunks([...memberNos], (nos) =>
        this.store.Member.find(
          { memberNo: { $in: nos } },
          { _id: 1, memberNo: 1, status: 1 },
        ).lean(),
      );
      for (const m of found) {
        const active = m.status === 'merged' ? await this.c.services.members.resolve(m._id) : m;
        if (active) ids.set(`no:${m.memberNo}`, active._id);
      }
    }
    const { owners, healed } = await this.lookup([...wanted.values()]);
    creates.push(...healed);
    const missing: Wanted[] = [];
    for (const [key, w] of wanted) {
      const owner = owners.get(key);
      if (owner) ids.set(key, owner);
      else missing.push(w);
    }
    if (missing.length) {
      const rows = missing.map((w) =>
        this.newIdentity({
          _id: new Types.ObjectId(),
          kind: w.kind,
          value: w.value,
          memberId: new Types.ObjectId(),
          createdAt: this.c.clock.now(),
        }),
      );
      const lost = await this.store.Identity.insertNew(rows);
      const raced: Wanted[] = [];
      for (const [i, w] of missing.entries()) {
        if (lost.has(i)) {
          raced.push(w);
          continue;
        }
        const id = rows[i]!.memberId;
        ids.set(`${w.kind}:${w.value}`, id);
        this.cache.identities.set(`${w.kind}:${w.value}`, id);
        creates.push({ _id: id, source: w.source, phone: w.phone });
      }
      // Someone else created these identities meanwhile: use their member.
      const again = await this.lookup(raced);
      for (const [key, id] of again.owners) ids.set(key, id);
      creates.push(...again.healed);
    }
    return { ids, creates };
  }

  /**
   * Owners (active members) of existing identities, keyed `kind:value`, and the members to
   * create for identities whose member document a crashed run never wrote.
   */
  private async lookup(
    wanted: Wanted[],
  ): Promise<{ owners: Map<string, Id>; healed: NewMember[] }> {
    const out = new Map<string, Id>();
    const healed: NewMember[] = [];
    const byKind = new Map<IdentityKind, Wanted[]>();
    for (const w of wanted) {
      const list = byKind.get(w.kind);
      if (list) list.push(w);
      else byKind.set(w.kind, [w]);
    }
    const rows: Array<Pick<IdentityDoc, 'kind' | 'value' | 'memberId'>> = [];
    for (const [kind, list] of byKind) {
      const found = await inChunks(list, (chunk) =>
        this.store.Identity.find(
          { kind, value: { $in: chunk.map((w) => w.value) } },
          { _id: 0, kind: 1, value: 1, memberId: 1 },
        ).lean(),
      );
      for (const r of found) rows.push(r);
    }
    if (rows.length === 0) return { owners: out, healed };
    const members = await inChunks(
      rows.map((r) => r.memberId),
      (chunk) =>
        this.store.Member.find({ _id: { $in: chunk } }, { _id: 1, status: 1, phoneHash: 1 }).lean(),
      ID_CHUNK,
    );
    const byId = new Map(members.map((m) => [String(m._id), m]));
    const byKey = new Map(wanted.map((w) => [`${w.kind}:${w.value}`, w]));
    for (const r of rows) {
      const key = `${r.kind}:${r.value}`;
      const w = byKey.get(key)!;
      let m: Pick<MemberDoc, '_id' | 'status' | 'phoneHash'> | null =
        byId.get(String(r.memberId)) ?? null;
      if (!m) {
        healed.push({ _id: r.memberId, source: w.source, phone: w.phone, healed: true });
        out.set(key, r.memberId);
        continue;
      }
      if (m.status === 'merged') m = await this.c.services.members.resolve(m._id);
      if (!m) continue;
      // Same as OrdersService.memberFor: a phone-identified member gets the phone stored.
      if (w.phone && !m.phoneHash) await this.c.services.members.setPhone(m._id, w.phone);
      out.set(key, m._id);
    }
    return { owners: out, healed };
  }

  /** Writes the member documents of `creates` (base tier, numbers reserved in one step). */
  async createMembers(creates: NewMember[], tierCode: string): Promise<void> {
    if (creates.length === 0) return;
    const nos = await this.store.reserveMemberNos(creates.length);
    const now = this.c.clock.now();
    const crypto = this.c.phoneCrypto;
    const docs = creates.map((n, i) =>
      this.newMember({
        _id: n._id,
        memberNo: nos[i]!,
        nickname: n.nickname ?? '',
        source: n.source,
        tierCode: n.tier?.code ?? tierCode,
        tierSince: now,
        tierValidUntil: n.tier?.validUntil ?? null,
        tierDueAt: n.tier?.validUntil ?? null,
        tierVersion: n.tier ? 1 : 0,
        phoneHash: n.phone ? crypto.lookupHash(n.phone) : null,
        phoneEnc: n.phone ? crypto.encrypt(n.phone) : null,
        totalSpend: n.totalSpend ?? 0,
        orderCount: n.orderCount ?? 0,
        createdAt: n.createdAt ?? now,
        updatedAt: now,
      }),
    );
    const lost = await this.store.Member.insertNew(docs);
    creates.forEach((n, i) => {
      if (n.healed || lost.has(i)) return;
      this.cache.members.set(String(n._id), {
        id: n._id,
        tierCode: n.tier?.code ?? tierCode,
        tierVersion: n.tier ? 1 : 0,
        tierValidUntil: n.tier?.validUntil ?? null,
        tierOverride: null,
        growth: [],
      });
    });
  }
}
