import { render, screen, within } from '@testing-library/react';
import { customer } from '../testing/fixtures';
import { MemberCard } from './MemberCard';

const member = customer().member;
if (!member) throw new Error('fixture has a member');

describe('member card circles', () => {
  it("shows the customer's circles as chips in their colours", () => {
    const withCircles = {
      ...member,
      circles: [
        { id: 'ingredient-fans', name: '成分党高潜', color: '#13A8A8' },
        { id: 'vip-salon', name: '沙龙常客', color: 'not-a-colour' },
      ],
    };
    render(<MemberCard member={withCircles} />);
    const list = screen.getByRole('list', { name: '所属圈层' });
    const chip = within(list).getByText('成分党高潜');
    expect(chip.style.color).toBe('rgb(19, 168, 168)');
    // A malformed colour falls back to the plain chip instead of a broken style.
    expect(within(list).getByText('沙龙常客').getAttribute('style')).toBeNull();
  });

  it('shows no circle row when the server sends no circles (older servers)', () => {
    render(<MemberCard member={member} />);
    expect(screen.queryByRole('list', { name: '所属圈层' })).toBeNull();
    expect(screen.getByText('会员号 M00012345')).toBeTruthy();
  });
});
