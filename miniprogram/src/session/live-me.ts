import type { MemberSummary } from '@circles/shared';
import { useDidShow } from '@tarojs/taro';
import { useRef } from 'react';
import { type Me, meApi } from '../api/session';
import { type Remote, useRemote } from '../hooks/use-remote';
import { getSession, updateMember, useSession } from './store';

function summaryOf(me: Me): MemberSummary {
  return {
    memberNo: me.memberNo,
    nickname: me.nickname,
    avatarUrl: me.avatarUrl,
    phoneBound: me.phoneBound,
    tier: me.tier,
  };
}

function sameSummary(a: MemberSummary, b: MemberSummary): boolean {
  return (
    a.memberNo === b.memberNo &&
    a.nickname === b.nickname &&
    a.avatarUrl === b.avatarUrl &&
    a.phoneBound === b.phoneBound &&
    a.tier.code === b.tier.code &&
    a.tier.name === b.tier.name
  );
}

/**
 * The member's live profile (/api/mp/me), loaded when the page shows and again each time it
 * shows after that (back from another page, back from the background). The summary kept in
 * the session at login (tier, phone, nickname) is refreshed from it, so no page keeps showing
 * a tier or phone state from before an upgrade or a profile change.
 */
export function useLiveMe(): Remote<Me> {
  const session = useSession();
  const isMember = session.status === 'member';
  const me = useRemote(
    async () => {
      const live = await meApi.get();
      const current = getSession();
      if (current.status === 'member' && current.member?.memberNo === live.memberNo) {
        const next = summaryOf(live);
        if (!sameSummary(current.member, next)) updateMember(next);
      }
      return live;
    },
    [session.member?.memberNo],
    isMember,
  );
  // The first show is the mount, which useRemote has already loaded.
  const shown = useRef(false);
  useDidShow(() => {
    if (shown.current && isMember) void me.reload();
    shown.current = true;
  });
  return me;
}
