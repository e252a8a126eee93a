import { createHash, randomInt } from 'node:crypto';
import {
  bindingRejection,
  cnDay,
  cnMonthStart,
  INVITE_CODE_ALPHABET,
  type ReferralRejection,
  type ReferralSettings,
  type ReferralView,
} from '@circles/shared';
import type { Types } from 'mongoose';
import type { Core } from '../../core';
import type { WeappClient } from '../../integrations/weapp/weapp-client';
import { AppError } from '../../lib/errors';
import { isDuplicateKey } from '../../lib/mongo-errors';
import type { MembersService } from '../members';
import {
  DEFAULT_REFERRAL_SETTINGS,
  type InviteCodeDoc,
  type ReferralDoc,
  type ReferralModels,
  referralModels,
} from './referral.model';

const REJECTION_ERRORS = {
  self_invite: ['REFERRAL_SELF_INVITE', '不能邀请自己'],
  already_bound: ['REFERRAL_ALREADY_BOUND', '你已接受过其他会员的邀请'],
  cycle: ['REFERRAL_CYCLE', '不能互相邀请'],
  existing_member: ['REFERRAL_EXISTING_MEMBER', '邀请仅限首次加入的新会员'],
  identity_seen: ['REFERRAL_IDENTITY_SEEN', '该手机号或微信已参与过邀请'],
  cap_reached: ['REFERRAL_CAP_REACHED', '邀请人本月邀请名额已满'],
} as const satisfies Record<ReferralRejection, readonly [string, string]>;

const SETTINGS_ID = 'referral';
/** The page the invite card and wxacode open (must be in the published version). */
export const REFERRAL_PAGE = 'pages/index/index';

/** Invite codes, binding (with every rejection rule) and the member's referral page. */
export class ReferralService {
  readonly m: ReferralModels;
  /** Called after a binding (e.g. invite task progress); must be idempotent. */
  readonly onBound: Array<(r: ReferralDoc) => Promise<void>> = [];

  constructor(
    private readonly core: Core,
    private readonly members: MembersService,
    private readonly weapp: WeappClient,
  ) {
    this.m = referralModels(core.conn);
  }

  async settings(): Promise<ReferralSettings> {
    const s = await this.m.Settings.findById(SETTINGS_ID).lean();
    if (!s) return DEFAULT_REFERRAL_SETTINGS;
    const { _id, ...rest } = s;
    return rest;
  }

  async putSettings(s: ReferralSettings): Promise<ReferralSettings> {
    await this.m.Settings.updateOne({ _id: SETTINGS_ID }, { $set: s }, { upsert: true });
    return this.settings();
  }

  async codeFor(memberId: Types.ObjectId): Promise<InviteCodeDoc> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const existing = await this.m.InviteCode.findOne({ memberId }).lean();
      if (existing) return existing;
      const code = Array.from({ length: 8 }, () => INVITE_CODE_ALPHABET[randomInt(31)]).join('');
      try {
        return (await this.m.InviteCode.create({ memberId, code })).toObject();
      } catch (err) {
        if (!isDuplicateKey(err)) throw err; // a code collision or a concurrent first request
      }
    }
    throw AppError.of('UPSTREAM_FAILED', '邀请码生成失败，请重试');
  }

  /**
   * The invite's wxacode, made once per build it opens (a trial code must not reach the
   * released app). When WeChat can't make one (quota, unreleased page), the page goes on
   * without it: the share button still invites, and the next visit tries again.
   */
  private async qrCodeOf(code: InviteCodeDoc): Promise<string | null> {
    const env = this.core.config.weapp.envVersion;
    if (code.qrDataUrl && code.qrEnv === env) return code.qrDataUrl;
    try {
      const img = await this.weapp.getUnlimitedQrCode({ scene: code.code, page: REFERRAL_PAGE });
      const dataUrl = `data:${img.contentType};base64,${img.image.toString('base64')}`;
      await this.m.InviteCode.updateOne(
        { _id: code._id },
        { $set: { qrDataUrl: dataUrl, qrEnv: env } },
      );
      return dataUrl;
    } catch (err) {
      this.core.logger.warn(
        { err, code: code.code },
        'wxacode unavailable; invite page without it',
      );
      return null;
    }
  }

  async view(memberId: Types.ObjectId): Promise<ReferralView> {
    const code = await this.codeFor(memberId);
    const qrCode = await this.qrCodeOf(code);
    const me = await this.members.require(memberId);
    const [mine, invitedBy] = await Promise.all([
      this.m.Referral.find({ inviterId: memberId }).sort({ boundAt: -1 }).limit(200).lean(),
      this.m.Referral.findOne({ inviteeId: memberId }).lean(),
    ]);
    const settings = await this.settings();
    const invitees = [];
    for (const r of mine) {
      const f = await this.members.resolve(r.inviteeId);
      invitees.push({
        nickname: f?.nickname || '微信用户',
        memberNoMasked: f ? `${f.memberNo.slice(0, 2)}****${f.memberNo.slice(-2)}` : '****',
        state: r.state,
        voidReason: r.voidReason,
        boundAt: r.boundAt.toISOString(),
        qualifyAt: r.qualifyAt?.toISOString() ?? null,
        rewardPoints: r.state === 'bound' ? settings.inviterReward.points : r.inviterReward.points,
      });
    }
    const inviter = invitedBy ? await this.members.resolve(invitedBy.inviterId) : null;
    return {
      code: code.code,
      shareCard: {
        title: `${me.nickname || '好友'}邀请你加入会员，首单有礼`,
        path: `/${REFERRAL_PAGE}?scene=${code.code}`,
      },
      qrCode,
      invitedBy: invitedBy
        ? { nickname: inviter?.nickname || '微信用户', state: invitedBy.state }
        : null,
      invitees,
    };
  }

  /** Binds a newly arrived member to the owner of `code` (default: the scene it arrived with). */
  async bind(inviteeId: Types.ObjectId, givenCode?: string): Promise<ReferralDoc> {
    const invitee = await this.members.require(inviteeId);
    const code = (givenCode ?? invitee.firstScene ?? '').trim();
    const owner = code ? await this.m.InviteCode.findOne({ code }).lean() : null;
    if (!owner) throw AppError.of('REFERRAL_CODE_INVALID', '邀请码无效');
    const existing = await this.m.Referral.findOne({ inviteeId: invitee._id }).lean();
    if (existing?.inviterId.equals(owner.memberId)) return existing;
    const now = this.core.clock.now();
    const settings = await this.settings();
    const monthKey = `${owner.memberId}:${cnDay(now).slice(0, 7)}`;
    const facts = {
      inviterId: String(owner.memberId),
      inviteeId: String(invitee._id),
      code,
      inviteeFirstScene: invitee.firstScene,
      inviteeOrderCount: invitee.orderCount,
      alreadyBound: Boolean(existing),
      inviterAncestors: await this.ancestors(owner.memberId),
      identitySeen: await this.identitySeen(invitee._id),
      inviterBoundThisMonth: await this.m.Referral.countDocuments({
        inviterId: owner.memberId,
        boundAt: { $gte: cnMonthStart(now) },
      }),
      monthlyCap: settings.monthlyCap,
    };
    let rejection = bindingRejection(facts);
    if (!rejection && !(await this.takeMonthSlot(monthKey, settings.monthlyCap, invitee._id))) {
      rejection = 'cap_reached'; // a concurrent binding took the last slot
    }
    if (rejection) {
      // The facts may count a binding an identical concurrent bind just made (the month's count):
      // that binding is this request's answer too.
      const raced = await this.m.Referral.findOne({ inviteeId: invitee._id }).lean();
      if (raced?.inviterId.equals(owner.memberId)) return raced;
    }
    await this.m.Attempt.create({ inviteeId: invitee._id, code, rejection, at: now });
    if (rejection) {
      const [errCode, message] = REJECTION_ERRORS[rejection];
      throw AppError.of(errCode, message, { reason: rejection });
    }
    let doc: ReferralDoc;
    try {
      doc = (
        await this.m.Referral.create({
          inviterId: owner.memberId,
          inviteeId: invitee._id,
          code,
          state: 'bound',
          boundAt: now,
          inviterReward: settings.inviterReward,
          inviteeReward: settings.inviteeReward,
          minOrderAmount: settings.minOrderAmount,
          voidedFrom: null,
        })
      ).toObject();
    } catch (err) {
      if (isDuplicateKey(err)) {
        // An identical bind running at the same time won: the same answer, one binding.
        const raced = await this.m.Referral.findOne({ inviteeId: invitee._id }).lean();
        if (raced?.inviterId.equals(owner.memberId)) return raced;
      }
      await this.m.MonthCount.updateOne(
        { _id: monthKey, invitees: String(invitee._id) },
        { $inc: { n: -1 }, $pull: { invitees: String(invitee._id) } },
      );
      if (!isDuplicateKey(err)) throw err;
      const [errCode, message] = REJECTION_ERRORS.already_bound;
      throw AppError.of(errCode, message, { reason: 'already_bound' });
    }
    await this.remember(owner.memberId);
    await this.remember(invitee._id);
    for (const hook of this.onBound) await hook(doc);
    return doc;
  }

  /** Takes one of the inviter's monthly slots for this invitee; a slot it already holds counts. */
  private async takeMonthSlot(
    key: string,
    cap: number,
    inviteeId: Types.ObjectId,
  ): Promise<boolean> {
    const who = String(inviteeId);
    const holds = async () => Boolean(await this.m.MonthCount.exists({ _id: key, invitees: who }));
    if (await holds()) return true;
    try {
      await this.m.MonthCount.updateOne(
        { _id: key, n: { $lt: cap }, invitees: { $ne: who } },
        { $inc: { n: 1 }, $push: { invitees: who } },
        { upsert: true },
      );
      return true;
    } catch (err) {
      // The upsert collided: the count is at the cap, or a concurrent identical bind took the slot.
      if (isDuplicateKey(err)) return holds();
      throw err;
    }
  }

  /** The inviter's chain of inviters (bounded, so bad data can't loop forever). */
  private async ancestors(memberId: Types.ObjectId): Promise<string[]> {
    const chain: string[] = [];
    let cur: Types.ObjectId | null = memberId;
    for (let i = 0; cur && i < 50; i++) {
      const r: ReferralDoc | null = await this.m.Referral.findOne({ inviteeId: cur }).lean();
      if (!r) break;
      chain.push(String(r.inviterId));
      cur = r.inviterId;
    }
    return chain;
  }

  private async seenKeys(memberId: Types.ObjectId): Promise<string[]> {
    const ids = await this.members.identitiesOf(memberId);
    return ids
      .filter((i) => i.kind === 'unionid' || i.kind === 'phone')
      .map((i) => createHash('sha256').update(`${i.kind}:${i.value}`).digest('hex'));
  }

  private async identitySeen(memberId: Types.ObjectId): Promise<boolean> {
    const keys = await this.seenKeys(memberId);
    if (!keys.length) return false;
    return Boolean(await this.m.Seen.exists({ _id: { $in: keys }, memberId: { $ne: memberId } }));
  }

  /** Records the member's phone/unionid as having taken part in a referral. */
  private async remember(memberId: Types.ObjectId): Promise<void> {
    for (const key of await this.seenKeys(memberId)) {
      await this.m.Seen.updateOne(
        { _id: key },
        { $setOnInsert: { memberId } },
        { upsert: true },
      ).catch((err) => {
        if (!isDuplicateKey(err)) throw err;
      });
    }
  }

  /** Friends bound per inviter since a date, void ones excluded (influence signal). */
  invitesSince(since: Date): Promise<Array<{ _id: Types.ObjectId; n: number }>> {
    return this.m.Referral.aggregate([
      { $match: { boundAt: { $gte: since }, state: { $ne: 'void' } } },
      { $group: { _id: '$inviterId', n: { $sum: 1 } } },
    ]);
  }
}
