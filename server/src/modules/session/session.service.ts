import { type MemberSummary, mainlandPhone, type SessionResponse } from '@circles/shared';
import type { Types } from 'mongoose';
import type { Core } from '../../core';
import type { WeappClient, WeappPhone } from '../../integrations/weapp/weapp-client';
import { AppError } from '../../lib/errors';
import type { MemberDoc } from '../members';
import type { MembersService } from '../members';
import type { MergeService } from '../members';
import type { TiersService } from '../tiers';

const SESSION_TTL_SECONDS = 30 * 86_400;

/**
 * Only mainland mobile numbers are members' phones: the POS looks members up by them and
 * stored-value and SMS rules assume them. WeChat also hands out foreign and malformed numbers
 * (the sandbox once stored "12345"), so the number is checked before anything is written.
 * The number itself never goes into the error: it is personal data and errors are logged.
 */
function requireMainlandPhone(phone: WeappPhone): string {
  const ok = phone.countryCode === '86' && mainlandPhone.safeParse(phone.purePhoneNumber).success;
  if (!ok) {
    throw AppError.of(
      'VALIDATION_FAILED',
      'Invalid phone: expected an 11-digit mainland mobile number',
      {
        fields: [{ path: 'phone', message: 'expected an 11-digit mainland mobile number' }],
      },
    );
  }
  return phone.purePhoneNumber;
}

/** Mini-program login (wx.login code → member) and phone binding, with OneID merges. */
export class SessionService {
  constructor(
    private readonly core: Core,
    private readonly weapp: WeappClient,
    private readonly members: MembersService,
    private readonly merges: MergeService,
    private readonly tiers: TiersService,
  ) {}

  async summary(m: MemberDoc): Promise<MemberSummary> {
    const { tier } = await this.tiers.view(m);
    return {
      memberNo: m.memberNo,
      nickname: m.nickname || '微信用户',
      avatarUrl: m.avatarUrl,
      phoneBound: Boolean(m.phoneHash),
      tier,
    };
  }

  async login(code: string, scene?: string): Promise<SessionResponse> {
    const s = await this.weapp.code2Session(code);
    let member = await this.members.findByIdentity({ kind: 'openid', value: s.openid });
    if (!member && s.unionid) {
      // Known from another channel (WeCom, another app): the unionid links the person.
      member = await this.members.findByIdentity({ kind: 'unionid', value: s.unionid });
      if (member) await this.link(member, 'openid', s.openid);
    }
    if (!member) {
      const tierCode = (await this.tiers.base()).code;
      member = (
        await this.members.findOrCreate(
          { kind: 'openid', value: s.openid },
          { source: 'weapp', firstScene: scene ?? null, tierCode },
        )
      ).member;
    }
    if (s.unionid) member = await this.link(member, 'unionid', s.unionid);
    const { token, expiresAt } = this.core.tokens.sign(
      { aud: 'member', sub: String(member._id) },
      SESSION_TTL_SECONDS,
    );
    return { token, expiresAt: expiresAt.toISOString(), member: await this.summary(member) };
  }

  /** Binds the phone from the phone-number button; an existing owner of that phone merges in. */
  async bindPhone(memberId: Types.ObjectId, code: string): Promise<MemberSummary> {
    const current = await this.members.require(memberId);
    const purePhoneNumber = requireMainlandPhone(await this.weapp.getPhoneNumber(code));
    const hash = this.core.phoneCrypto.lookupHash(purePhoneNumber);
    let member = await this.link(current, 'phone', hash);
    if (!member.phoneHash) {
      await this.members.setPhone(member._id, purePhoneNumber);
      member = await this.members.require(member._id);
    }
    return this.summary(member);
  }

  /** Attaches an identity, merging with its current owner when it belongs to someone else. */
  private async link(
    member: MemberDoc,
    kind: 'openid' | 'unionid' | 'phone',
    value: string,
  ): Promise<MemberDoc> {
    const owner = await this.members.attachIdentity(member._id, { kind, value });
    if (!owner || String(owner._id) === String(member._id)) return member;
    return this.merges.merge(member, owner, `${kind} 已属于另一会员`, 'member');
  }
}
