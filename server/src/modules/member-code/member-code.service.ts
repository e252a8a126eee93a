import { randomInt, timingSafeEqual } from 'node:crypto';
import {
  findTier,
  MEMBER_CODE_REFRESH_SECONDS,
  type MemberCodeResolveResponse,
  type MemberCodeResponse,
  type WalletBalance,
} from '@circles/shared';
import type { Types } from 'mongoose';
import type { Core } from '../../core';
import { AppError } from '../../lib/errors';
import { isDuplicateKey } from '../../lib/mongo-errors';
import type { MembersService } from '../members';
import type { TiersService } from '../tiers';
import { type MemberCodeDoc, memberCodeModels } from './member-code.model';

/** What the member code needs from the points and wallet modules. */
export interface MemberCodePorts {
  points: { balance(memberId: Types.ObjectId): Promise<{ balance: number }> };
  wallet: { view(memberId: Types.ObjectId): Promise<WalletBalance> };
}

const ID_SPACE = 1_000_000_000_000;
const SIG_SPACE = 100_000_000;
/** A code outlives its refresh by one period, so a scan as the screen refreshes still works. */
const VALID_MS = 2 * MEMBER_CODE_REFRESH_SECONDS * 1000;
/** A till that lost the answer may resolve its own scan again this long after. */
const RETRY_MS = 5 * 60_000;
const KEEP_MS = 86_400_000;

const invalid = () =>
  AppError.of('MEMBER_CODE_INVALID', '会员码无效，请会员刷新后重新出示', {
    fields: [{ path: 'body.code', message: 'not a member code issued by Circles' }],
  });

/**
 * 会员码: single-use codes a member shows at the till. The 8 signature digits turn away typed
 * or forged codes before any lookup; the stored code makes each one usable once.
 */
export class MemberCodeService {
  private readonly m;

  constructor(
    private readonly core: Core,
    private readonly members: MembersService,
    private readonly tiers: Pick<TiersService, 'ladder'>,
    private readonly ports: MemberCodePorts,
  ) {
    this.m = memberCodeModels(core.conn);
  }

  async issue(memberId: Types.ObjectId): Promise<MemberCodeResponse> {
    const member = await this.members.require(memberId);
    const issuedAt = this.core.clock.now();
    const expiresAt = new Date(issuedAt.getTime() + VALID_MS);
    for (let attempt = 0; ; attempt++) {
      const id = String(randomInt(0, ID_SPACE)).padStart(12, '0');
      try {
        await this.m.Code.create({
          _id: id,
          memberId: member._id,
          issuedAt,
          expiresAt,
          expireAt: new Date(expiresAt.getTime() + KEEP_MS),
        });
        return {
          code: id + this.signature(id),
          expiresAt: expiresAt.toISOString(),
          refreshAfterSeconds: MEMBER_CODE_REFRESH_SECONDS,
        };
      } catch (err) {
        // A random id already taken: draw again (a handful of retries is astronomically enough).
        if (!isDuplicateKey(err) || attempt >= 4) throw err;
      }
    }
  }

  /** Uses the code once; the same till (key and store) asking again shortly after gets the answer again. */
  async resolve(
    code: string,
    by: { keyId: string; storeCode: string | null },
  ): Promise<MemberCodeResolveResponse> {
    const id = code.slice(0, 12);
    const given = Buffer.from(code.slice(12));
    const expected = Buffer.from(this.signature(id));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid();
    const now = this.core.clock.now();
    const used = await this.m.Code.findOneAndUpdate(
      { _id: id, usedAt: null, expiresAt: { $gt: now } },
      { $set: { usedAt: now, usedBy: by.keyId, storeCode: by.storeCode } },
      { returnDocument: 'after' },
    ).lean();
    return this.view(used ?? (await this.retried(id, by, now)));
  }

  private async retried(
    id: string,
    by: { keyId: string; storeCode: string | null },
    now: Date,
  ): Promise<MemberCodeDoc> {
    const doc = await this.m.Code.findById(id).lean();
    if (!doc) throw invalid();
    if (!doc.usedAt) throw AppError.of('MEMBER_CODE_EXPIRED', '会员码已过期，请会员刷新后重新出示');
    const sameTill = doc.usedBy === by.keyId && doc.storeCode === by.storeCode;
    if (sameTill && now.getTime() - doc.usedAt.getTime() <= RETRY_MS) return doc;
    throw AppError.of('MEMBER_CODE_USED', '会员码已使用，请会员刷新后重新出示');
  }

  private async view(doc: MemberCodeDoc): Promise<MemberCodeResolveResponse> {
    const member = await this.members.require(doc.memberId);
    const [ladder, points, wallet] = await Promise.all([
      this.tiers.ladder(),
      this.ports.points.balance(member._id),
      this.ports.wallet.view(member._id),
    ]);
    return {
      memberNo: member.memberNo,
      nickname: member.nickname || null,
      tier: {
        code: member.tierCode,
        name: findTier(ladder.tiers, member.tierCode)?.name ?? member.tierCode,
      },
      points: { balance: points.balance },
      wallet,
      resolvedAt: (doc.usedAt ?? this.core.clock.now()).toISOString(),
    };
  }

  private signature(id: string): string {
    const n = this.core.tokens.digest('member-code', id).readUInt32BE(0) % SIG_SPACE;
    return String(n).padStart(8, '0');
  }
}
