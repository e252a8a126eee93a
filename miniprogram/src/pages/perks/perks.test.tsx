import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { apiError, fakeApi } from '../../../test/fake-api';
import { memberPerk } from '../../../test/fixtures';
import { payPlans } from '../../../test/pay-fixtures';
import { signIn, signOut } from '../../../test/session';
import PerksPage from '.';

const instance = {
  perkCode: 'free_coffee',
  perkName: '每月咖啡券',
  kind: 'coupon',
  memberNo: 'M20250001',
  redemptionCode: 'PK7F3K9Q',
  status: 'claimed',
  source: 'claim',
  claimedAt: '2025-06-01T02:00:00.000Z',
  expiresAt: '2025-07-01T02:00:00.000Z',
  usedAt: null,
};

describe('perks tab (权益)', () => {
  beforeEach(() => signIn());
  afterEach(() => {
    cleanup();
    signOut();
  });

  it('lists my tier perks with their state and higher-tier perks locked with how to unlock', async () => {
    fakeApi({
      'GET /api/mp/perks': {
        body: {
          tier: { code: 'silver', name: '银卡' },
          perks: [
            memberPerk(),
            memberPerk({
              code: 'free_ship',
              name: '全年包邮',
              kind: 'free_shipping',
              state: 'auto',
            }),
            memberPerk({
              code: 'vip_lounge',
              name: '贵宾休息室',
              state: 'locked',
              remaining: 0,
              unlockTier: { code: 'gold', name: '金卡' },
              lockedText: '升级到金卡解锁',
            }),
          ],
        },
      },
    });
    render(<PerksPage />);

    await screen.findByText('银卡权益');
    const items = screen.getAllByTestId('perk-item');
    expect(items.map((i) => i.getAttribute('data-state'))).toEqual(['claimable', 'auto', 'locked']);
    expect(within(items[1]!).getByText('自动享有')).toBeTruthy();
    expect(within(items[2]!).getByText('升级到金卡解锁')).toBeTruthy();
    expect(within(items[2]!).getByText('金卡专享')).toBeTruthy();
    expect(screen.getByText('升级金卡解锁')).toBeTruthy();
    expect(screen.getByText('1 项礼遇')).toBeTruthy();
  });

  it('claims a perk and shows its redemption code as a QR code', async () => {
    let claimed = false;
    const calls = fakeApi({
      'GET /api/mp/perks': () => ({
        body: {
          tier: { code: 'silver', name: '银卡' },
          perks: [
            claimed ? memberPerk({ state: 'claimed', remaining: 0, instance }) : memberPerk(),
          ],
        },
      }),
      'POST /api/mp/perks/free_coffee/claim': () => {
        claimed = true;
        return { body: instance };
      },
    });
    render(<PerksPage />);

    fireEvent.click(await screen.findByRole('button', { name: '立即领取' }));

    const sheet = await screen.findByRole('dialog', { name: '每月咖啡券' });
    expect(within(sheet).getByLabelText('二维码 PK7F3K9Q')).toBeTruthy();
    expect(within(sheet).getByText('有效期至 2025-07-01')).toBeTruthy();
    await screen.findByRole('button', { name: '查看券码' });
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(1);
  });

  it('explains a refused claim with the member text for its code', async () => {
    const Taro = (await import('@tarojs/taro')).default;
    fakeApi({
      'GET /api/mp/perks': {
        body: { tier: { code: 'silver', name: '银卡' }, perks: [memberPerk()] },
      },
      'POST /api/mp/perks/free_coffee/claim': apiError(409, 'PERK_QUOTA_EXCEEDED'),
    });
    render(<PerksPage />);

    fireEvent.click(await screen.findByRole('button', { name: '立即领取' }));

    await screen.findByRole('button', { name: '立即领取' });
    expect(Taro.showToast).toHaveBeenCalledWith(
      expect.objectContaining({ title: '本期权益已领完' }),
    );
    expect(screen.queryByRole('dialog')).toBeNull();
  });
  it('groups the paid card’s perks under 黑卡权益 with the card’s end date', async () => {
    const held = {
      redemptionCode: 'PKBLACK50',
      claimedAt: '2026-11-23T08:00:00.000Z',
      expiresAt: '2026-12-24T08:00:00.000Z',
    };
    fakeApi({
      'GET /api/mp/perks': {
        body: {
          tier: { code: 'silver', name: '银卡' },
          perks: [
            memberPerk(),
            memberPerk({
              code: 'black_coupon_50',
              name: '黑卡 ¥50 无门槛券',
              state: 'claimed',
              instance: held,
            }),
          ],
        },
      },
      'GET /api/mp/pay/plans': {
        body: payPlans({
          membership: {
            active: true,
            planCode: 'black-month',
            planName: '黑卡 · 月卡',
            validUntil: '2026-12-24T15:59:59.999Z',
          },
        }),
      },
    });
    render(<PerksPage />);

    const cardSection = (await screen.findByText('黑卡权益')).closest('.ui-section') as HTMLElement;
    expect(
      within(cardSection)
        .getAllByTestId('perk-item')
        .map((el) => el.textContent),
    ).toEqual([expect.stringContaining('黑卡 ¥50 无门槛券')]);
    expect(within(cardSection).getByText('有效期至 2026-12-24 ›')).toBeTruthy();
    const tierSection = screen.getByText('银卡权益').closest('.ui-section') as HTMLElement;
    expect(within(tierSection).queryByText('黑卡 ¥50 无门槛券')).toBeNull();
    expect(within(tierSection).getByText('每月咖啡券')).toBeTruthy();
  });

  it('shows circle-exclusive perks under 圈层专属 with the circle to join', async () => {
    fakeApi({
      'GET /api/mp/perks': {
        body: {
          tier: { code: 'silver', name: '银卡' },
          perks: [
            memberPerk(),
            memberPerk({
              code: 'fabric_class',
              name: '面料成分私享课',
              state: 'locked',
              remaining: 0,
              unlockCircle: { id: 'fabric-fans', name: '成分党高潜' },
              lockedText: '加入 成分党高潜 圈层可解锁',
            }),
          ],
        },
      },
      'GET /api/mp/pay/plans': { body: payPlans() },
    });
    render(<PerksPage />);
    const section = (await screen.findByText('圈层专属')).closest('section') ?? document.body;
    expect(within(section as HTMLElement).getByText('加入 成分党高潜 圈层可解锁')).toBeTruthy();
  });

  it('opens the perk a consultant sent (?perk=) and offers to claim it', async () => {
    const Taro = (await import('@tarojs/taro')).default as unknown as {
      getCurrentInstance: jest.Mock;
      showModal: jest.Mock;
    };
    Taro.getCurrentInstance.mockReturnValue({ router: { params: { perk: 'free_coffee' } } });
    Taro.showModal.mockClear();
    fakeApi({
      'GET /api/mp/perks': {
        body: { tier: { code: 'silver', name: '银卡' }, perks: [memberPerk()] },
      },
      'GET /api/mp/pay/plans': { body: payPlans() },
      'POST /api/mp/perks/free_coffee/claim': { body: instance },
    });
    render(<PerksPage />);
    await screen.findByText('PK7F3K9Q');
    expect(Taro.showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '每月咖啡券' }));
    Taro.getCurrentInstance.mockReturnValue({ router: { params: {} } });
  });
});
