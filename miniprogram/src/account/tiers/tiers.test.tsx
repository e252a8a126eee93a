import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { apiError, fakeApi } from '../../../test/fake-api';
import { meSilver } from '../../../test/fixtures';
import { signIn, signOut } from '../../../test/session';
import type { TierGuide } from '../../api/tiers';
import MinePage from '../../pages/mine';
import TierGuidePage from '.';

const tier = (over: Partial<TierGuide['tiers'][number]>) => ({
  code: 'normal',
  name: '普卡',
  rank: 0,
  color: '#8C8C8C',
  upgradeGrowth: 0,
  upgradeSpend: 0,
  retainGrowth: 0,
  retainSpend: 0,
  pointsMultiplier: 1,
  perks: [],
  current: false,
  ...over,
});

const guide: TierGuide = {
  tiers: [
    tier({}),
    tier({
      code: 'silver',
      name: '银卡',
      rank: 1,
      color: '#9EAAB8',
      upgradeGrowth: 1000,
      upgradeSpend: 100_000,
      retainGrowth: 500,
      retainSpend: 50_000,
      pointsMultiplier: 1.2,
      perks: [{ code: 'monthly_coffee', name: '每月咖啡券' }],
      current: true,
    }),
    tier({
      code: 'gold',
      name: '金卡',
      rank: 2,
      color: '#C9A063',
      upgradeGrowth: 5000,
      upgradeSpend: 500_000,
      retainGrowth: 2500,
      retainSpend: 250_000,
      pointsMultiplier: 1.5,
    }),
  ],
  growth: 1200,
  growthPerYuan: 1,
  nextEvaluationAt: '2026-12-31T15:59:59.999Z',
  manualUntil: null,
};

describe('等级说明 page', () => {
  afterEach(() => {
    cleanup();
    signOut();
    jest.clearAllMocks();
  });

  it('lists every tier with thresholds and perks, marks the current one and the next evaluation', async () => {
    signIn();
    fakeApi({ 'GET /api/mp/tiers': { body: guide } });
    render(<TierGuidePage />);
    const rows = await screen.findAllByTestId('tier-row');
    expect(rows.map((r) => r.getAttribute('data-tier'))).toEqual(['normal', 'silver', 'gold']);
    const silver = rows[1]!;
    expect(within(silver).getByText('当前等级')).toBeTruthy();
    expect(within(silver).getByText('专属权益：每月咖啡券')).toBeTruthy();
    expect(within(silver).getByText('成长值 1,200 / 5,000，距金卡还差 3,800')).toBeTruthy();
    expect(within(rows[2]!).getByText('升级：成长值 5,000（约消费 ¥5,000.00）')).toBeTruthy();
    expect(within(rows[0]!).getByText('已达成')).toBeTruthy();
    expect(screen.getByTestId('tier-evaluation').textContent).toBe(
      '下次保级评估：2026-12-31（北京时间），届时有效期内成长值需达到 500',
    );
  });

  it('says when a brand-set tier ends, and shows a retry on errors', async () => {
    signIn();
    fakeApi({
      'GET /api/mp/tiers': {
        body: { ...guide, manualUntil: '2027-01-31T15:59:59.999Z', nextEvaluationAt: null },
      },
    });
    render(<TierGuidePage />);
    expect((await screen.findByTestId('tier-evaluation')).textContent).toContain(
      '当前等级由品牌设定，有效期至 2027-01-31',
    );
    cleanup();
    fakeApi({ 'GET /api/mp/tiers': apiError(500, 'INTERNAL') });
    render(<TierGuidePage />);
    expect(await screen.findByText('重新加载')).toBeTruthy();
  });

  it('opens from the member card', async () => {
    signIn();
    fakeApi({ 'GET /api/mp/me': { body: meSilver } });
    render(<MinePage />);
    await screen.findByText('成长值 1,200');
    fireEvent.click(screen.getByText('等级说明 ›'));
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/account/tiers/index' });
  });
});
