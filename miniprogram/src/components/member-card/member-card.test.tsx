import type { MemberSummary } from '@circles/shared';
import { fireEvent, render, screen } from '@testing-library/react';
import type { Me } from '../../api/session';
import { MemberCard, progressOf, upgradeLine } from '.';

const goldMember: MemberSummary = {
  memberNo: 'M20250001',
  nickname: '林小满',
  avatarUrl: null,
  phoneBound: true,
  tier: { code: 'gold', name: '金卡会员', rank: 2, color: '#c9a063' },
};

describe('MemberCard', () => {
  it('shows a busy skeleton and no member text while the session is unresolved', () => {
    render(<MemberCard member={undefined} />);

    const card = screen.getByLabelText('会员信息加载中');
    expect(card.getAttribute('aria-busy')).toBe('true');
    expect(card.textContent).toBe('');
    expect(screen.queryByText('欢迎加入圈层会员')).toBeNull();
  });

  it('invites a guest to join without offering a login button the page cannot serve', () => {
    render(<MemberCard member={null} />);

    expect(screen.getByText('欢迎加入圈层会员')).toBeTruthy();
    expect(screen.getByText('登录后查看会员等级、成长值与专属权益')).toBeTruthy();
    expect(screen.queryByRole('button')).toBeNull();
  });

  it('calls onLogin when a guest taps the login button', () => {
    const onLogin = jest.fn();
    render(<MemberCard member={null} onLogin={onLogin} />);

    fireEvent.click(screen.getByRole('button', { name: '登录 / 注册' }));

    expect(onLogin).toHaveBeenCalledTimes(1);
  });

  it("paints the card in the tier colour with the member's name, number and a readable badge", () => {
    const { container } = render(<MemberCard member={goldMember} />);

    expect(screen.getByText('林小满')).toBeTruthy();
    expect(screen.getByText('会员号 M20250001')).toBeTruthy();
    const card = container.querySelector('[data-tier="gold"]') as HTMLElement;
    expect(card.getAttribute('style')).toContain('#c9a063');
    // The mid-tone gold card carries white text, so the badge is white rather than gold-on-gold.
    const badge = screen.getByLabelText('会员等级 金卡会员');
    expect(badge.textContent).toBe('金卡会员');
    expect(badge.style.color).toBe('rgb(255, 255, 255)');
    expect(screen.queryByText('欢迎加入圈层会员')).toBeNull();
  });

  it('gives a near-black top tier the premium 黑金 look with a gold badge', () => {
    const { container } = render(
      <MemberCard
        member={{
          ...goldMember,
          tier: { code: 'black', name: '黑金会员', rank: 4, color: '#111111' },
        }}
      />,
    );

    expect(container.querySelector('.member-card--premium')).not.toBeNull();
    const badge = screen.getByLabelText('会员等级 黑金会员');
    expect(badge.textContent).toBe('◆ 黑金会员');
    expect(badge.style.color).toBe('rgb(217, 183, 122)');
  });
});

describe('MemberCard with the member center answer', () => {
  const me: Me = {
    memberNo: goldMember.memberNo,
    nickname: goldMember.nickname,
    avatarUrl: null,
    phoneBound: true,
    birthday: null,
    tier: goldMember.tier,
    nextTier: { code: 'diamond', name: '钻石', growthNeeded: 6000, spendNeeded: 600_000 },
    growth: 4000,
    tierValidUntil: '2026-06-30T15:59:59.999Z',
    tierAtRisk: { growthNeeded: 800, spendNeeded: 80_000, by: '2026-06-30T15:59:59.999Z' },
    tierHistory: [],
  };

  it('fills the progress bar with growth so far over the growth the next tier needs', () => {
    render(<MemberCard member={goldMember} me={me} />);

    expect(screen.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('40');
    expect(screen.getByText('再消费 ¥6,000.00 / 再获得 6,000 成长值升级钻石')).toBeTruthy();
    expect(screen.getByText('距钻石')).toBeTruthy();
  });

  it('warns how much to spend by when to keep a tier at risk, in China dates', () => {
    render(<MemberCard member={goldMember} me={me} />);

    expect(screen.getByText(/需在 2026-06-30 前再消费 ¥800.00 以保留/).textContent).toContain(
      '金卡会员',
    );
    expect(screen.getByText('等级有效期至 2026-06-30')).toBeTruthy();
  });

  it('shows a full bar and no upgrade maths at the top tier', () => {
    const top = { ...me, nextTier: null, tierAtRisk: null };
    expect(progressOf(top)).toBe(1);
    expect(upgradeLine(top)).toBe('您已是最高等级会员');
    render(<MemberCard member={goldMember} me={top} />);

    expect(screen.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100');
    expect(screen.queryByText(/以保留/)).toBeNull();
  });
});
