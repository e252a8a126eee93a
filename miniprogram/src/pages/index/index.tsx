import { Text, View } from '@tarojs/components';
import { MemberCard } from '../../components/member-card';
import './index.scss';

interface QuickEntry {
  key: string;
  label: string;
  caption: string;
}

// Shortcuts to the areas issue 9 builds; each says plainly that it is not open yet.
const QUICK_ENTRIES: readonly QuickEntry[] = [
  { key: 'points', label: '积分', caption: '即将开放' },
  { key: 'wallet', label: '储值', caption: '即将开放' },
  { key: 'perks', label: '权益', caption: '即将开放' },
  { key: 'tasks', label: '任务', caption: '即将开放' },
];

export default function Index() {
  return (
    <View className="home">
      <View className="home__header">
        <Text className="home__title">会员中心</Text>
        <Text className="home__subtitle">专属礼遇 · 尊享服务</Text>
      </View>

      {/* Guest until the wx.login session (issue 9) supplies the member. */}
      <MemberCard member={null} />

      <View className="home__entries">
        {QUICK_ENTRIES.map((entry) => (
          <View key={entry.key} className="home__entry">
            <Text className="home__entry-label">{entry.label}</Text>
            <Text className="home__entry-caption">{entry.caption}</Text>
          </View>
        ))}
      </View>
    </View>
  );
}
