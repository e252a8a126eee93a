import type { MemberSummary } from '@circles/shared';
import { Text, View } from '@tarojs/components';
import type { Me } from '../../api/session';
import { count, day, yuan } from '../../lib/format';
import { tierTheme } from '../../lib/tier-theme';
import { ProgressBar, ActionButton } from '../ui';
import './index.scss';

export interface MemberCardProps {
  /** `undefined` while the session is being resolved, `null` for a guest. */
  member: MemberSummary | null | undefined;
  /** Growth, next tier and validity; the card shows the summary alone until it arrives. */
  me?: Me;
  /** Shown as the guest call to action only when the page can actually log in. */
  onLogin?: () => void;
  /** Tapping a member's card opens 等级说明 (all tiers and where the member stands). */
  onOpen?: () => void;
  /** The 会员码 button on the card opens the member code for the till. */
  onCode?: () => void;
}

/** "再消费 ¥X / 再获得 N 成长值升级金卡", or that the member is at the top. */
export function upgradeLine(me: Me): string {
  if (!me.nextTier) return '您已是最高等级会员';
  const { spendNeeded, growthNeeded, name } = me.nextTier;
  return `再消费 ${yuan(spendNeeded)} / 再获得 ${count(growthNeeded)} 成长值升级${name}`;
}

export function progressOf(me: Me): number {
  if (!me.nextTier) return 1;
  const target = me.growth + me.nextTier.growthNeeded;
  return target > 0 ? me.growth / target : 1;
}

function GuestCard({ onLogin }: { onLogin?: () => void }) {
  return (
    <View className="member-card member-card--guest">
      <Text className="member-card__badge">圈层会员</Text>
      <Text className="member-card__title">欢迎加入圈层会员</Text>
      <Text className="member-card__hint">登录后查看会员等级、成长值与专属权益</Text>
      {onLogin ? (
        <ActionButton className="member-card__action" onClick={onLogin}>
          登录 / 注册
        </ActionButton>
      ) : null}
    </View>
  );
}

export function MemberCard({ member, me, onLogin, onOpen, onCode }: MemberCardProps) {
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
  if (member === null) return <GuestCard onLogin={onLogin} />;

  const tier = me?.tier ?? member.tier;
  const theme = tierTheme(tier);
  return (
    <View
      className={`member-card member-card--member${theme.premium ? ' member-card--premium' : ''}`}
      style={{ background: theme.background, color: theme.ink }}
      data-tier={tier.code}
      onClick={onOpen}
    >
      <View className="member-card__top">
        <Text
          className="member-card__badge"
          style={{ color: theme.accent, borderColor: theme.accent }}
          aria-label={`会员等级 ${tier.name}`}
        >
          {theme.premium ? `◆ ${tier.name}` : tier.name}
        </Text>
        <Text className="member-card__no">NO. {member.memberNo}</Text>
      </View>
      {onCode ? (
        <View
          className="member-card__code"
          role="button"
          aria-label="会员码"
          onClick={(e) => {
            // The card itself opens 等级说明.
            e.stopPropagation();
            onCode();
          }}
        >
          <Text className="member-card__code-icon">▦</Text>
          <Text>会员码</Text>
        </View>
      ) : null}
      <Text className="member-card__title">{me?.nickname ?? member.nickname}</Text>
      {me ? (
        <View className="member-card__growth">
          <View className="member-card__growth-head">
            <Text>成长值 {count(me.growth)}</Text>
            {me.nextTier ? <Text>距{me.nextTier.name}</Text> : null}
          </View>
          <ProgressBar value={progressOf(me)} color={theme.accent} />
          <Text className="member-card__hint">{upgradeLine(me)}</Text>
          {me.tierValidUntil ? (
            <Text className="member-card__hint">等级有效期至 {day(me.tierValidUntil)}</Text>
          ) : null}
          {me.tierAtRisk ? (
            <Text className="member-card__risk">
              需在 {day(me.tierAtRisk.by)} 前再消费 {yuan(me.tierAtRisk.spendNeeded)} 以保留
              {tier.name}
            </Text>
          ) : null}
        </View>
      ) : (
        <Text className="member-card__hint">会员号 {member.memberNo}</Text>
      )}
      {onOpen ? <Text className="member-card__more">等级说明 ›</Text> : null}
    </View>
  );
}
