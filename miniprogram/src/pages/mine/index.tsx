import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { MemberCard } from '../../components/member-card';
import { Section } from '../../components/ui';
import { go, ROUTES } from '../../lib/routes';
import { useLiveMe } from '../../session/live-me';
import { logout, useSession } from '../../session/store';
import '../../styles/page.scss';

interface MenuItem {
  label: string;
  url: string;
  /** Whether the item needs a session. */
  member: boolean;
}

const MENU: readonly MenuItem[] = [
  { label: '个人资料', url: ROUTES.profile, member: true },
  { label: '我的券包', url: ROUTES.coupons, member: true },
  { label: '积分明细', url: ROUTES.points, member: true },
  { label: '积分商城', url: ROUTES.redeem, member: true },
  { label: '黑卡会员', url: ROUTES.membership, member: true },
  { label: '我的储值', url: ROUTES.wallet, member: true },
  { label: '邀请有礼', url: ROUTES.referral, member: true },
  { label: '社群活动', url: ROUTES.events, member: true },
  { label: '我的入场券', url: ROUTES.tickets, member: true },
  { label: '隐私保护指引', url: ROUTES.privacy, member: false },
];

async function confirmLogout(): Promise<void> {
  const { confirm } = await Taro.showModal({ title: '退出登录', content: '确定退出当前账号吗？' });
  if (confirm) logout();
}

export default function MinePage() {
  const session = useSession();
  const isMember = session.status === 'member';
  const me = useLiveMe();
  return (
    <View className="page page--top">
      <MemberCard
        member={session.status === 'unknown' ? undefined : session.member}
        me={me.data}
        onLogin={() => go(ROUTES.login)}
        onOpen={() => go(ROUTES.tierGuide)}
        onCode={() => go(ROUTES.memberCode)}
      />
      {isMember && session.member && !session.member.phoneBound ? (
        <View className="mine__bind" onClick={() => go(ROUTES.profile)}>
          <Text>绑定手机号，门店消费也能累计成长值 ›</Text>
        </View>
      ) : null}
      <Section title="我的服务">
        {MENU.filter((item) => isMember || !item.member).map((item) => (
          <View key={item.url} className="ui-row menu-row" onClick={() => go(item.url)}>
            <Text className="ui-row__title">{item.label}</Text>
            <Text className="menu-row__arrow">›</Text>
          </View>
        ))}
        {isMember ? (
          <View className="ui-row menu-row" onClick={() => void confirmLogout()}>
            <Text className="ui-row__title">退出登录</Text>
            <Text className="menu-row__arrow">›</Text>
          </View>
        ) : null}
      </Section>
    </View>
  );
}
