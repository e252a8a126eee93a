import type { MemberSummary } from '@circles/shared';
import { fireEvent, render, screen } from '@testing-library/react';
import { MemberCard } from '.';

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

  it("shows the member's nickname, number and tier badge in the tier colour", () => {
    render(<MemberCard member={goldMember} />);

    expect(screen.getByText('林小满')).toBeTruthy();
    expect(screen.getByText('会员号 M20250001')).toBeTruthy();
    const badge = screen.getByText('金卡会员');
    expect(badge.style.color).toBe('rgb(201, 160, 99)');
    expect(screen.queryByText('欢迎加入圈层会员')).toBeNull();
  });
});
