import { Text, View } from '@tarojs/components';
import { type TierGuide, type TierGuideTier, tiersApi } from '../../api/tiers';
import { MemberGate } from '../../components/member-gate';
import { Loadable, ProgressBar, Section } from '../../components/ui';
import { usePullRefresh, useRemote } from '../../hooks/use-remote';
import { count, day, yuan } from '../../lib/format';
import { tierTheme } from '../../lib/tier-theme';
import '../../styles/page.scss';
import './index.scss';

/** The member's place between the current tier and the next one (0–1). */
function position(guide: TierGuide, index: number): number {
  const next = guide.tiers[index + 1];
  if (!next) return 1;
  return next.upgradeGrowth > 0 ? Math.min(1, guide.growth / next.upgradeGrowth) : 1;
}

function evaluationLine(guide: TierGuide, current: TierGuideTier | undefined): string {
  if (guide.manualUntil)
    return `当前等级由品牌设定，有效期至 ${day(guide.manualUntil)}，到期后按成长值重新评定`;
  if (!guide.nextEvaluationAt || !current || current.retainGrowth === 0)
    return '成长值达标即实时升级；当前等级无需保级';
  return `下次保级评估：${day(guide.nextEvaluationAt)}（北京时间），届时有效期内成长值需达到 ${count(current.retainGrowth)}`;
}

function TierRow({ tier, guide, index }: { tier: TierGuideTier; guide: TierGuide; index: number }) {
  const theme = tierTheme(tier);
  const reached = guide.growth >= tier.upgradeGrowth;
  return (
    <View
      className={`tier-row${tier.current ? ' tier-row--current' : ''}`}
      data-testid="tier-row"
      data-tier={tier.code}
    >
      <View className="tier-row__head">
        <Text
          className="tier-row__badge"
          style={{ background: theme.background, color: theme.ink }}
        >
          {tier.name}
        </Text>
        {tier.current ? <Text className="tier-row__here">当前等级</Text> : null}
        {!tier.current && reached ? <Text className="tier-row__reached">已达成</Text> : null}
      </View>
      <Text className="tier-row__line">
        {tier.upgradeGrowth === 0
          ? '注册即享'
          : `升级：成长值 ${count(tier.upgradeGrowth)}（约消费 ${yuan(tier.upgradeSpend)}）`}
      </Text>
      {tier.retainGrowth > 0 ? (
        <Text className="tier-row__line">
          保级：有效期内成长值 {count(tier.retainGrowth)}（约消费 {yuan(tier.retainSpend)}）
        </Text>
      ) : null}
      <Text className="tier-row__line">积分 {tier.pointsMultiplier} 倍</Text>
      <Text className="tier-row__perks">
        {tier.perks.length > 0
          ? `专属权益：${tier.perks.map((p) => p.name).join('、')}`
          : '暂无专属权益'}
      </Text>
      {tier.current ? (
        <View className="tier-row__progress">
          <ProgressBar value={position(guide, index)} color={theme.accent} />
          <Text className="tier-row__line">
            {guide.tiers[index + 1]
              ? `成长值 ${count(guide.growth)} / ${count(guide.tiers[index + 1]!.upgradeGrowth)}，距${guide.tiers[index + 1]!.name}还差 ${count(Math.max(0, guide.tiers[index + 1]!.upgradeGrowth - guide.growth))}`
              : `成长值 ${count(guide.growth)}，您已是最高等级`}
          </Text>
        </View>
      ) : null}
    </View>
  );
}

function GuideContent() {
  const guide = useRemote(() => tiersApi.guide(), []);
  usePullRefresh(() => guide.reload());
  return (
    <Loadable remote={guide} rows={6}>
      {(data) => {
        const current = data.tiers.find((t) => t.current);
        return (
          <>
            <Text className="tier-guide__evaluation" data-testid="tier-evaluation">
              {evaluationLine(data, current)}
            </Text>
            <Section title="会员等级">
              {data.tiers.map((tier, i) => (
                <TierRow key={tier.code} tier={tier} guide={data} index={i} />
              ))}
            </Section>
            <Text className="page-more">
              每消费 1 元获得 {count(data.growthPerYuan)} 成长值；退款订单的成长值将相应扣回
            </Text>
          </>
        );
      }}
    </Loadable>
  );
}

export default function TierGuidePage() {
  return (
    <View className="page">
      <MemberGate hint="登录后查看您的会员等级">{() => <GuideContent />}</MemberGate>
    </View>
  );
}
