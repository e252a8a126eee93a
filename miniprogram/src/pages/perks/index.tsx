import type { INTEREST_TOPICS } from '@circles/shared';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { showError } from '../../api/errors';
import { payApi } from '../../api/payments';
import { type MemberPerk, perksApi } from '../../api/perks';
import { CodeSheet } from '../../components/code-sheet';
import { MemberGate } from '../../components/member-gate';
import { byUnlockTier, PerkItem } from '../../components/perk-item';
import { EmptyState, Loadable, Section } from '../../components/ui';
import { usePullRefresh, useRemote } from '../../hooks/use-remote';
import { onChange } from '../../lib/changes';
import { day } from '../../lib/format';
import { go, ROUTES } from '../../lib/routes';
import { offerSubscriptions } from '../../lib/subscribe';
import { flush, track } from '../../lib/track';
import '../../styles/page.scss';

const PAGE = 'pages/perks/index';
type Topic = (typeof INTEREST_TOPICS)[number];

interface Shown {
  name: string;
  code: string;
  expiresAt: string;
}

function PerksContent() {
  const perks = useRemote(() => perksApi.mine(), []);
  const [busy, setBusy] = useState<string | null>(null);
  const [shown, setShown] = useState<Shown | null>(null);
  usePullRefresh(() => perks.reload());
  // A paid membership issues perks while this tab stays mounted underneath.
  useEffect(() => onChange('perks', () => void perks.reload()), [perks.reload]);
  // Which perks come with the paid card (黑卡): the perk view has no tier for them. When the
  // plans can't be loaded they simply stay in the tier list.
  const card = useRemote(() => payApi.plans(), []);
  useEffect(() => onChange('membership', () => void card.reload()), [card.reload]);
  const cardCodes = new Set(card.data?.memberships.flatMap((plan) => plan.perkCodes) ?? []);
  const cardUntil = card.data?.membership.active ? card.data.membership.validUntil : null;

  // Interest signals for circles: the page, the topical perks shown, and taps on them.
  useEffect(() => {
    track({ kind: 'page_view', page: PAGE });
    return () => void flush();
  }, []);
  useEffect(() => {
    for (const p of perks.data?.perks ?? []) {
      if (p.topic)
        track({ kind: 'impression', page: PAGE, target: p.code, topic: p.topic as Topic });
    }
  }, [perks.data]);
  // A perk card sent by the consultant opens this page with ?perk=<code>: open that perk.
  const [opened, setOpened] = useState(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: once per load of the list; claim and show are new functions every render
  useEffect(() => {
    const code = Taro.getCurrentInstance?.()?.router?.params?.perk;
    const perk = code ? perks.data?.perks.find((p) => p.code === decodeURIComponent(code)) : null;
    if (!perk || opened) return;
    setOpened(true);
    if (perk.instance) show(perk);
    else if (perk.state === 'claimable') {
      void Taro.showModal({
        title: perk.name,
        content: `${perk.description || perk.quotaText}\n立即领取？`,
        confirmText: '领取',
      }).then((r) => {
        if (r.confirm) void claim(perk);
      });
    } else {
      void Taro.showModal({
        title: perk.name,
        content: perk.lockedText ?? perk.quotaText,
        showCancel: false,
      });
    }
  }, [perks.data, opened]);
  const tapped = (perk: MemberPerk) => {
    if (perk.topic)
      track({ kind: 'click', page: PAGE, target: perk.code, topic: perk.topic as Topic });
  };

  const claim = async (perk: MemberPerk) => {
    tapped(perk);
    setBusy(perk.code);
    try {
      const instance = await perksApi.claim(perk.code);
      setShown({
        name: instance.perkName,
        code: instance.redemptionCode,
        expiresAt: instance.expiresAt,
      });
      void Taro.showToast({ title: '领取成功', icon: 'success' });
      void perks.reload();
      offerSubscriptions('perk_claim');
    } catch (err) {
      showError(err);
    } finally {
      setBusy(null);
    }
  };
  const show = (perk: MemberPerk) => {
    tapped(perk);
    if (perk.instance) {
      setShown({
        name: perk.name,
        code: perk.instance.redemptionCode,
        expiresAt: perk.instance.expiresAt,
      });
    }
  };

  return (
    <Loadable remote={perks} rows={5}>
      {(data) => {
        const mine = data.perks.filter((p) => p.state !== 'locked');
        const tierPerks = mine.filter((p) => !cardCodes.has(p.code));
        const cardPerks = mine.filter((p) => cardCodes.has(p.code));
        const locked = data.perks.filter((p) => p.state === 'locked');
        const circleLocked = locked.filter((p) => p.unlockCircle);
        const item = (perk: MemberPerk) => (
          <PerkItem
            key={perk.code}
            perk={perk}
            busy={busy === perk.code}
            onClaim={claim}
            onShow={show}
          />
        );
        return (
          <>
            <View className="page-hero page-hero--perks">
              <Text className="page-hero__label">当前等级</Text>
              <Text className="page-hero__value">{data.tier.name}</Text>
              <Text className="page-hero__note">尊享 {mine.length} 项会员礼遇</Text>
            </View>
            {cardPerks.length ? (
              <Section
                title="黑卡权益"
                extra={cardUntil ? `有效期至 ${day(cardUntil)}` : '黑卡会员'}
                onExtra={() => go(ROUTES.membership)}
              >
                {cardPerks.map(item)}
              </Section>
            ) : null}
            <Section title={`${data.tier.name}权益`}>
              {tierPerks.length ? (
                tierPerks.map(item)
              ) : (
                <EmptyState title="当前等级暂无权益" hint="升级后即可解锁更多礼遇" />
              )}
            </Section>
            {/* What each higher tier adds: the tier comparison, from the lowest one up. */}
            {byUnlockTier(locked).map(([tierName, perks]) => (
              <Section
                key={tierName}
                title={`升级${tierName}解锁`}
                extra={`${perks.length} 项礼遇`}
              >
                {perks.map(item)}
              </Section>
            ))}
            {circleLocked.length ? (
              <Section title="圈层专属" extra={`${circleLocked.length} 项礼遇`}>
                {circleLocked.map(item)}
              </Section>
            ) : null}
            {shown ? (
              <CodeSheet
                title={shown.name}
                code={shown.code}
                lines={['到店出示此码核销', `有效期至 ${day(shown.expiresAt)}`]}
                onClose={() => setShown(null)}
              />
            ) : null}
          </>
        );
      }}
    </Loadable>
  );
}

export default function PerksPage() {
  return (
    <View className="page">
      <MemberGate hint="登录后查看您的等级权益">{() => <PerksContent />}</MemberGate>
    </View>
  );
}
