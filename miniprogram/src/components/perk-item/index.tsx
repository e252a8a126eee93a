import { Text, View } from '@tarojs/components';
import type { MemberPerk } from '../../api/perks';
import './index.scss';
import { ActionButton } from '../ui';

const KIND_MARK: Record<MemberPerk['kind'], string> = {
  coupon: '券',
  free_shipping: '邮',
  birthday_gift: '寿',
  priority_service: '优',
  new_product_preview: '新',
  event_access: '活',
  custom: '礼',
};

/** What the right side says (or offers) for each claim state. */
function action(perk: MemberPerk): { label: string; tap: 'claim' | 'show' | null } {
  switch (perk.state) {
    case 'claimable':
      return { label: '立即领取', tap: 'claim' };
    case 'claimed':
      return { label: '查看券码', tap: 'show' };
    case 'auto':
      return { label: '自动享有', tap: null };
    case 'used':
      return { label: '本期已使用', tap: null };
    case 'exhausted':
      return { label: '本期已领完', tap: null };
    default:
      return { label: perk.unlockTier ? `${perk.unlockTier.name}专享` : '未解锁', tap: null };
  }
}

export function PerkItem({
  perk,
  busy,
  onClaim,
  onShow,
}: {
  perk: MemberPerk;
  busy: boolean;
  onClaim: (perk: MemberPerk) => void;
  onShow: (perk: MemberPerk) => void;
}) {
  const locked = perk.state === 'locked';
  const { label, tap } = action(perk);
  return (
    <View
      className={`perk-item${locked ? ' perk-item--locked' : ''}`}
      data-testid="perk-item"
      data-state={perk.state}
    >
      <Text className="perk-item__mark">{KIND_MARK[perk.kind]}</Text>
      <View className="perk-item__main">
        <Text className="perk-item__name">{perk.name}</Text>
        <Text className="perk-item__sub">
          {locked ? (perk.lockedText ?? '升级后解锁') : perk.quotaText}
          {perk.state === 'claimable' && perk.remaining > 0
            ? ` · 本期剩余 ${perk.remaining} 次`
            : ''}
        </Text>
        {perk.description ? <Text className="perk-item__desc">{perk.description}</Text> : null}
      </View>
      {tap ? (
        <ActionButton
          className={`ui-button perk-item__action${tap === 'show' ? ' ui-button--ghost' : ''}`}
          size="mini"
          loading={busy}
          disabled={busy}
          onClick={() => (tap === 'claim' ? onClaim(perk) : onShow(perk))}
        >
          {label}
        </ActionButton>
      ) : (
        <Text className="perk-item__state">{label}</Text>
      )}
    </View>
  );
}

/** Locked perks grouped by the tier that unlocks them, keeping the server's tier-rank order. */
export function byUnlockTier(locked: MemberPerk[]): [string, MemberPerk[]][] {
  const groups = new Map<string, MemberPerk[]>();
  for (const perk of locked) {
    if (perk.unlockCircle) continue; // circle-locked perks have their own section
    const name = perk.unlockTier?.name ?? '更高等级';
    groups.set(name, [...(groups.get(name) ?? []), perk]);
  }
  return [...groups.entries()];
}
