import type { SidebarCustomerResponse } from '@circles/shared';
import { useState } from 'react';
import { sidebarApi } from '../api/sidebar';
import { errorMessage } from '../errors';
import { day } from '../format';
import type { WeComBridge } from '../wecom/bridge';
import { WeComError } from '../wecom/bridge';
import { Button, Empty, Section, type useAction } from './ui';

type Perk = NonNullable<SidebarCustomerResponse['perks']>[number];
type Actions = ReturnType<typeof useAction>;

const STATUS: Record<Perk['status'], string> = {
  available: '可领取',
  claimed: '已领取未使用',
  used: '已使用',
  expired: '已过期',
};

/** A WeComError already reads as a sentence for the consultant; API errors get one here. */
export function actionError(err: unknown): string {
  return err instanceof WeComError ? err.message : errorMessage(err, 'action');
}

function PerkRow(props: {
  perk: Perk;
  actions: Actions;
  onSend: (perk: Perk) => void;
  onRedeem: (perk: Perk) => Promise<void>;
}) {
  const { perk, actions } = props;
  const [confirming, setConfirming] = useState(false);
  const open = perk.status === 'available' || perk.status === 'claimed';
  return (
    <li className={`sb-row sb-perk sb-perk-${perk.status}`}>
      <div className="sb-row-main">
        <span className="sb-perk-name">{perk.perkName}</span>
        <span className={`sb-status sb-status-${perk.status}`}>{STATUS[perk.status]}</span>
      </div>
      {perk.expiresAt && open && <div className="sb-muted">有效期至 {day(perk.expiresAt)}</div>}
      {open && (
        <div className="sb-row-actions">
          {confirming ? (
            <>
              <span className="sb-muted">确认顾客已在店使用？</span>
              <Button
                variant="primary"
                busy={actions.busy === `redeem:${perk.redemptionCode}`}
                onClick={() => void props.onRedeem(perk).then(() => setConfirming(false))}
              >
                确认核销
              </Button>
              <Button onClick={() => setConfirming(false)}>取消</Button>
            </>
          ) : (
            <>
              {perk.status === 'claimed' && perk.redemptionCode && (
                <Button onClick={() => setConfirming(true)} title={`核销码 ${perk.redemptionCode}`}>
                  核销
                </Button>
              )}
              <Button
                variant="primary"
                busy={actions.busy === `send:${perk.perkCode}`}
                onClick={() => props.onSend(perk)}
              >
                发送权益卡片
              </Button>
            </>
          )}
        </div>
      )}
    </li>
  );
}

/** The member's perks; a claimed one can be marked used, any open one sent as a card. */
export function PerksSection(props: {
  perks: Perk[];
  bridge: WeComBridge;
  actions: Actions;
  onRedeemed: (redemptionCode: string, usedAt: string) => void;
}) {
  const { perks, bridge, actions } = props;
  const send = (perk: Perk) =>
    void actions.run(
      `send:${perk.perkCode}`,
      async () => {
        await bridge.sendMiniprogram(await sidebarApi.perkCard(perk.perkCode));
        return `已发送「${perk.perkName}」卡片`;
      },
      actionError,
    );
  const redeem = async (perk: Perk) => {
    const code = perk.redemptionCode;
    if (!code) return;
    await actions.run(
      `redeem:${code}`,
      async () => {
        const r = await sidebarApi.redeemPerk(code);
        props.onRedeemed(code, r.usedAt);
        return `已核销「${r.perkName}」`;
      },
      actionError,
    );
  };
  const sorted = [...perks].sort((a, b) => ORDER[a.status] - ORDER[b.status]);
  return (
    <Section title="会员权益">
      {sorted.length === 0 ? (
        <Empty>当前等级暂无权益</Empty>
      ) : (
        <ul className="sb-list">
          {sorted.map((p) => (
            <PerkRow
              key={`${p.perkCode}-${p.redemptionCode ?? p.status}`}
              perk={p}
              actions={actions}
              onSend={send}
              onRedeem={redeem}
            />
          ))}
        </ul>
      )}
    </Section>
  );
}

// Unused perks first: those are what the consultant can act on.
const ORDER: Record<Perk['status'], number> = { claimed: 0, available: 1, used: 2, expired: 3 };
