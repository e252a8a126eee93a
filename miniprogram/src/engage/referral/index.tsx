import { Image, Text, View } from '@tarojs/components';
import { useShareAppMessage } from '@tarojs/taro';
import type { Invitee } from '../../api/referral';
import { referralApi } from '../../api/referral';
import { MemberGate } from '../../components/member-gate';
import { EmptyState, Loadable, Section, ActionButton } from '../../components/ui';
import { usePullRefresh, useRemote } from '../../hooks/use-remote';
import { count, day } from '../../lib/format';
import { sharePath } from '../../lib/share-path';
import '../../styles/page.scss';
import './index.scss';

const STATE_TEXT: Record<Invitee['state'], string> = {
  bound: '已加入',
  pending: '待确认',
  qualified: '已奖励',
  void: '已失效',
};

const RULES = [
  '好友通过您的邀请卡片或小程序码首次进入并注册，即与您绑定邀请关系。',
  '好友完成首笔有效消费并度过退货期后，您将获得邀请奖励积分。',
  '每月邀请奖励有上限；刷单、自邀等异常行为的奖励将被取消。',
];

function InviteeRow({ invitee }: { invitee: Invitee }) {
  return (
    <View className="ui-row" data-testid="invitee">
      <View className="ui-row__main">
        <Text className="ui-row__title">
          {invitee.nickname} <Text className="ui-row__sub">{invitee.memberNoMasked}</Text>
        </Text>
        <Text className="ui-row__sub">
          {day(invitee.boundAt)} 加入
          {invitee.state === 'pending' && invitee.qualifyAt
            ? ` · ${day(invitee.qualifyAt)} 确认奖励`
            : ''}
          {invitee.state === 'void' && invitee.voidReason ? ` · ${invitee.voidReason}` : ''}
        </Text>
      </View>
      <View className="referral__state">
        <Text className={`referral__badge referral__badge--${invitee.state}`}>
          {STATE_TEXT[invitee.state]}
        </Text>
        {invitee.rewardPoints && invitee.state !== 'void' ? (
          <Text className="ui-row__sub">+{count(invitee.rewardPoints)} 积分</Text>
        ) : null}
      </View>
    </View>
  );
}

function ReferralContent() {
  const referral = useRemote(() => referralApi.view(), []);
  usePullRefresh(() => referral.reload());
  // Sharing to a chat carries the invite code in the page path (the server builds it).
  useShareAppMessage(() => {
    const card = referral.data?.shareCard;
    return card
      ? { title: card.title, path: sharePath(card.path) }
      : { title: '邀你加入圈层会员', path: '/pages/index/index' };
  });

  return (
    <Loadable remote={referral} rows={6}>
      {(data) => {
        // The server may be unable to make the mini-program code (an unreleased page, a trial
        // build, WeChat busy): the card then still invites through the share button.
        const qrCode: string | null = data.qrCode || null;
        const rewarded = data.invitees
          .filter((i) => i.state === 'qualified')
          .reduce((sum, i) => sum + i.rewardPoints, 0);
        return (
          <>
            <View className="referral__card">
              <Text className="referral__title">邀请好友 共享礼遇</Text>
              <Text className="referral__sub">好友消费后，您可获得积分奖励</Text>
              {qrCode ? (
                <Image
                  className="referral__qr"
                  src={qrCode}
                  mode="aspectFit"
                  aria-label="邀请小程序码"
                />
              ) : (
                <Text className="referral__sub" data-testid="qr-unavailable">
                  小程序码暂时无法生成，请点击下方按钮分享邀请
                </Text>
              )}
              <Text className="referral__code" data-testid="invite-code">
                邀请码 {data.code}
              </Text>
              <ActionButton className="ui-button referral__share" openType="share">
                分享给微信好友
              </ActionButton>
            </View>
            {data.invitedBy ? (
              <Text className="page-more">您由 {data.invitedBy.nickname} 邀请加入</Text>
            ) : null}
            <Section title="我的邀请" extra={`已获 ${count(rewarded)} 积分`}>
              {data.invitees.length === 0 ? (
                <EmptyState title="还没有邀请记录" hint="分享邀请卡片给好友，一起享受会员礼遇" />
              ) : (
                data.invitees.map((invitee) => (
                  <InviteeRow
                    key={`${invitee.memberNoMasked}-${invitee.boundAt}`}
                    invitee={invitee}
                  />
                ))
              )}
            </Section>
            <Section title="活动规则">
              {RULES.map((rule, i) => (
                <Text key={rule} className="referral__rule">
                  {i + 1}. {rule}
                </Text>
              ))}
            </Section>
          </>
        );
      }}
    </Loadable>
  );
}

export default function ReferralPage() {
  return (
    <View className="page">
      <MemberGate hint="登录后邀请好友">{() => <ReferralContent />}</MemberGate>
    </View>
  );
}
