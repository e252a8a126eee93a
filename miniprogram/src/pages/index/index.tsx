import { Text, View } from '@tarojs/components';
import { useEffect } from 'react';
import { eventsApi } from '../../api/events';
import { pointsApi } from '../../api/points';
import { walletApi } from '../../api/wallet';
import { MemberCard } from '../../components/member-card';
import { Section } from '../../components/ui';
import { usePullRefresh, useRemote } from '../../hooks/use-remote';
import { onChange } from '../../lib/changes';
import { count, dateTime, day, yuan } from '../../lib/format';
import { go, ROUTES } from '../../lib/routes';
import { useLiveMe } from '../../session/live-me';
import { useSession } from '../../session/store';
import './index.scss';

interface QuickEntry {
  key: string;
  label: string;
  caption: string;
  url: string;
}

const QUICK_ENTRIES: readonly QuickEntry[] = [
  { key: 'points', label: '积分', caption: '明细', url: ROUTES.points },
  { key: 'redeem', label: '积分商城', caption: '好礼兑换', url: ROUTES.redeem },
  { key: 'perks', label: '权益', caption: '等级礼遇', url: ROUTES.perks },
  { key: 'tasks', label: '任务', caption: '做任务得积分', url: ROUTES.tasks },
  { key: 'referral', label: '邀请有礼', caption: '好友同享', url: ROUTES.referral },
  { key: 'wallet', label: '储值', caption: '余额明细', url: ROUTES.wallet },
  { key: 'events', label: '社群活动', caption: '报名参加', url: ROUTES.events },
  { key: 'mine', label: '个人资料', caption: '生日礼遇', url: ROUTES.profile },
];

export default function Index() {
  const session = useSession();
  const isMember = session.status === 'member';
  const me = useLiveMe();
  // One history row is enough here: the card needs the balance and what expires next.
  const points = useRemote(() => pointsApi.summary(1, 1), [session.member?.memberNo], isMember);
  const wallet = useRemote(() => walletApi.summary(1, 1), [session.member?.memberNo], isMember);
  const events = useRemote(() => eventsApi.list(), [session.member?.memberNo], isMember);
  usePullRefresh(() =>
    Promise.all([me.reload(), points.reload(), wallet.reload(), events.reload()]),
  );
  useEffect(() => onChange('wallet', () => void wallet.reload()), [wallet.reload]);
  // Events I may join, soonest first; the section hides when there are none or the call failed.
  const upcoming = (events.data?.items ?? [])
    .filter((e) => e.eligible && e.status === 'published')
    .slice(0, 2);

  const cardMember = session.status === 'unknown' ? undefined : session.member;
  return (
    <View className="home">
      <View className="home__header">
        <Text className="home__title">会员中心</Text>
        <Text className="home__subtitle">专属礼遇 · 尊享服务</Text>
      </View>

      <MemberCard
        member={cardMember}
        me={me.data}
        onLogin={() => go(ROUTES.login)}
        onOpen={() => go(ROUTES.tierGuide)}
        onCode={() => go(ROUTES.memberCode)}
      />

      {isMember ? (
        <View className="home__assets">
          <View className="home__asset" onClick={() => go(ROUTES.points)}>
            <Text className="home__asset-value" data-testid="points-balance">
              {points.data ? count(points.data.balance) : points.error ? '—' : '···'}
            </Text>
            <Text className="home__asset-label">积分</Text>
            {points.data?.expiring ? (
              <Text className="home__asset-note">
                {count(points.data.expiring.amount)} 积分将于 {points.data.expiring.on} 过期
              </Text>
            ) : null}
          </View>
          <View className="home__asset" onClick={() => go(ROUTES.wallet)}>
            <Text className="home__asset-value" data-testid="wallet-balance">
              {wallet.data ? yuan(wallet.data.balance) : wallet.error ? '—' : '···'}
            </Text>
            <Text className="home__asset-label">储值余额</Text>
          </View>
        </View>
      ) : null}

      <View className="home__entries">
        {QUICK_ENTRIES.map((entry) => (
          <View key={entry.key} className="home__entry" onClick={() => go(entry.url)}>
            <Text className="home__entry-label">{entry.label}</Text>
            <Text className="home__entry-caption">{entry.caption}</Text>
          </View>
        ))}
      </View>

      {upcoming.length > 0 ? (
        <Section title="近期活动" extra="全部活动" onExtra={() => go(ROUTES.events)}>
          {upcoming.map((event) => (
            <View key={event.id} className="ui-row" onClick={() => go(ROUTES.events)}>
              <View className="ui-row__main">
                <Text className="ui-row__title">{event.title}</Text>
                <Text className="ui-row__sub">
                  {event.kindText} · {dateTime(event.startAt)} ·{' '}
                  {event.seatsLeft > 0 ? `剩余 ${event.seatsLeft} 席` : '可候补'}
                </Text>
              </View>
              <Text className="ui-row__sub">
                {event.mySignup?.state === 'registered' ? '已报名' : '去报名 ›'}
              </Text>
            </View>
          ))}
        </Section>
      ) : null}

      {isMember && me.data && me.data.tierHistory.length > 0 ? (
        <Section title="等级记录">
          {me.data.tierHistory.slice(0, 3).map((change) => (
            <View key={`${change.at}-${change.to}`} className="ui-row">
              <View className="ui-row__main">
                <Text className="ui-row__title">{TIER_REASON[change.reason]}</Text>
                <Text className="ui-row__sub">{day(change.at)}</Text>
              </View>
            </View>
          ))}
        </Section>
      ) : null}
    </View>
  );
}

const TIER_REASON: Record<string, string> = {
  initial: '成为会员',
  upgrade: '等级升级',
  downgrade: '等级调整',
  manual: '专属等级礼遇',
  manual_expired: '专属等级到期',
};
