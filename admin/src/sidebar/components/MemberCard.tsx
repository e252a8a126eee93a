import { useState } from 'react';
import type { MemberCard as Member, SidebarCustomerResponse } from '@circles/shared';
import { count, day, money } from '../format';

type Contact = SidebarCustomerResponse['contact'];

const SEVERITY: Record<string, string> = { critical: '严重', warning: '注意', info: '提示' };

function Avatar({ url, name }: { url: string | null; name: string }) {
  // WeCom avatar URLs expire or refuse hotlinking; fall back to the initial rather than a broken image.
  const [broken, setBroken] = useState(false);
  if (url && !broken) {
    return (
      <img
        className="sb-avatar"
        src={url}
        alt=""
        referrerPolicy="no-referrer"
        onError={() => setBroken(true)}
      />
    );
  }
  return (
    <span className="sb-avatar sb-avatar-text" aria-hidden="true">
      {name.slice(0, 1) || '客'}
    </span>
  );
}

/** Who the consultant is talking to, as WeCom knows them. */
export function ContactHeader({ contact, member }: { contact: Contact; member: Member | null }) {
  const source = contact.type === 2 ? `@${contact.corpName ?? '企业微信'}` : '@微信';
  return (
    <header className="sb-contact">
      <Avatar url={contact.avatar ?? member?.avatarUrl ?? null} name={contact.name} />
      <div className="sb-contact-main">
        <div className="sb-contact-name">
          <strong>{contact.remark || contact.name}</strong>
          <span className="sb-contact-source">{source}</span>
        </div>
        <div className="sb-muted">
          {contact.remark && contact.remark !== contact.name ? `微信昵称 ${contact.name} · ` : ''}
          {contact.addedAt ? `${day(contact.addedAt)} 添加` : '添加时间未知'}
        </div>
      </div>
    </header>
  );
}

export function TierBadge({ tier }: { tier: Member['tier'] }) {
  return (
    <span className="sb-tier" style={{ backgroundColor: tier.color }} data-tier={tier.code}>
      {tier.name}
    </span>
  );
}

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <div className="sb-stat">
      <div className="sb-stat-value">{value}</div>
      <div className="sb-stat-label">{label}</div>
    </div>
  );
}

function Value({ value }: { value: NonNullable<Member['value']> }) {
  return (
    <section className="sb-value" aria-label="价值分层">
      <div className="sb-value-row">
        <span className="sb-chip sb-chip-segment">{value.segmentName ?? value.segment}</span>
        {value.pAlive !== undefined && (
          <span className="sb-muted">活跃概率 {Math.round(value.pAlive * 100)}%</span>
        )}
        {value.clv12m !== undefined && (
          <span className="sb-muted">预估 12 个月价值 {money(Math.round(value.clv12m))}</span>
        )}
      </div>
      {value.riskFlags.length > 0 && (
        <ul className="sb-risks" aria-label="风险提示">
          {value.riskFlags.map((f) => (
            <li key={`${f.kind}-${f.title}`} className={`sb-risk sb-risk-${f.severity}`}>
              <span className="sb-risk-level">{SEVERITY[f.severity] ?? f.severity}</span>
              {f.title}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

interface CircleChipData {
  id: string;
  name: string;
  color: string | null;
}

/**
 * The member's circles (圈层). Read defensively: a server from before circles sends no
 * `circles` field, and then the row is simply not shown.
 */
export function circlesOf(member: Member): CircleChipData[] {
  const raw = (member as { circles?: unknown }).circles;
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((c: unknown) => {
    if (typeof c !== 'object' || c === null) return [];
    const { id, name, color } = c as Record<string, unknown>;
    if (typeof id !== 'string' || typeof name !== 'string') return [];
    return [
      {
        id,
        name,
        color: typeof color === 'string' && /^#[0-9a-f]{6}$/i.test(color) ? color : null,
      },
    ];
  });
}

function Circles({ circles }: { circles: CircleChipData[] }) {
  return (
    <ul className="sb-tags sb-circles" aria-label="所属圈层">
      {circles.map((c) => (
        <li
          key={c.id}
          className="sb-chip sb-chip-circle"
          style={
            c.color
              ? { borderColor: c.color, color: c.color, backgroundColor: `${c.color}14` }
              : undefined
          }
        >
          {c.name}
        </li>
      ))}
    </ul>
  );
}

/** Tier, growth towards the next tier and the balances a consultant talks about. */
export function MemberCard({ member }: { member: Member }) {
  const pct = Math.round(member.progress * 100);
  const circles = circlesOf(member);
  return (
    <section className="sb-member" aria-label="会员卡">
      <div className="sb-member-top">
        <TierBadge tier={member.tier} />
        <span className="sb-member-no">会员号 {member.memberNo}</span>
      </div>
      {circles.length > 0 && <Circles circles={circles} />}
      <div
        className="sb-progress"
        role="progressbar"
        aria-label="成长值进度"
        aria-valuenow={pct}
        aria-valuemin={0}
        aria-valuemax={100}
      >
        <div className="sb-progress-bar">
          <div className="sb-progress-fill" style={{ width: `${pct}%` }} />
        </div>
        <div className="sb-progress-text">
          <span>成长值 {count(member.growth)}</span>
          <span>
            {member.nextTier
              ? `再得 ${count(member.nextTier.growthNeeded)} 升级${member.nextTier.name}`
              : '已是最高等级'}
          </span>
        </div>
        {member.tierValidUntil && (
          <div className="sb-muted">等级有效期至 {day(member.tierValidUntil)}</div>
        )}
      </div>
      <div className="sb-stats">
        <Stat label="累计消费" value={money(member.totalSpend)} />
        <Stat label="订单数" value={count(member.orderCount)} />
        {member.points && <Stat label="积分" value={count(member.points.balance)} />}
        {member.wallet && <Stat label="储值余额" value={money(member.wallet.balance)} />}
      </div>
      {member.value && <Value value={member.value} />}
    </section>
  );
}
