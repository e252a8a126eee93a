import type { MemberSummary, SessionResponse } from '@circles/shared';
import type { Types } from 'mongoose';
import type { Core } from '../../core';
import type { WeappClient } from '../../integrations/weapp/weapp-client';
import type { MemberDoc } from '../members';
import type { MembersService } from '../members';
import type { MergeService } from '../members';
import type { TiersService } from '../tiers';

const SESSION_TTL_SECONDS = 30 * 86_400;

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
    const { purePhoneNumber } = await this.weapp.getPhoneNumber(code);
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
