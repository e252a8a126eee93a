import type { MemberSummary } from '@circles/shared';
import { Button, Text, View } from '@tarojs/components';
import './index.scss';

export interface MemberCardProps {
  /** `undefined` while the session is being resolved, `null` for a guest. */
  member: MemberSummary | null | undefined;
  /** Shown as the guest call to action only when the page can actually log in. */
  onLogin?: () => void;
}

export function MemberCard({ member, onLogin }: MemberCardProps) {
  if (member === undefined) {
    return (
      <View
        className="member-card member-card--loading"
        aria-busy="true"
        aria-label="会员信息加载中"
      >
        <View className="member-card__skeleton member-card__skeleton--badge" />
        <View className="member-card__skeleton member-card__skeleton--title" />
        <View className="member-card__skeleton member-card__skeleton--line" />
      </View>
    );
  }

  if (member === null) {
    return (
      <View className="member-card member-card--guest">
        <Text className="member-card__badge">圈层会员</Text>
        <Text className="member-card__title">欢迎加入圈层会员</Text>
        <Text className="member-card__hint">登录后查看会员等级、成长值与专属权益</Text>
        {onLogin ? (
          <Button className="member-card__action" onClick={onLogin}>
            登录 / 注册
          </Button>
        ) : null}
      </View>
    );
  }

  return (
    <View className="member-card member-card--member">
      <Text className="member-card__badge" style={{ color: member.tier.color }}>
        {member.tier.name}
      </Text>
      <Text className="member-card__title">{member.nickname}</Text>
      <Text className="member-card__hint">会员号 {member.memberNo}</Text>
    </View>
  );
}
