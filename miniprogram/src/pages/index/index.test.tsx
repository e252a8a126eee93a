import { render, screen, within } from '@testing-library/react';
import Index from '.';

describe('home page (会员中心)', () => {
  it('renders the member centre heading above the guest member card', () => {
    const { container } = render(<Index />);

    const heading = screen.getByText('会员中心');
    const welcome = screen.getByText('欢迎加入圈层会员');
    expect(
      heading.compareDocumentPosition(welcome) & Node.DOCUMENT_POSITION_FOLLOWING,
    ).toBeTruthy();
    expect(screen.getByText('专属礼遇 · 尊享服务')).toBeTruthy();
    expect(container.querySelector('[aria-busy="true"]')).toBeNull();
  });

  it('lists the four quick entries, each marked as not open yet', () => {
    const { container } = render(<Index />);

    const entries = Array.from(container.querySelectorAll('.home__entry'));
    expect(entries.map((entry) => entry.querySelector('.home__entry-label')?.textContent)).toEqual([
      '积分',
      '储值',
      '权益',
      '任务',
    ]);
    for (const entry of entries) {
      expect(within(entry as HTMLElement).getByText('即将开放')).toBeTruthy();
    }
  });
});
