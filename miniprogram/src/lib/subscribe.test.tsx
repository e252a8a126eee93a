import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { apiError, type FakeCall, fakeApi } from '../../test/fake-api';
import { memberPerk } from '../../test/fixtures';
import { signIn, signOut } from '../../test/session';
import PerksPage from '../pages/perks';
import { askSubscriptions, offerSubscriptions } from './subscribe';

const mockModal = Taro.showModal as unknown as jest.Mock;
const mockSubscribe = Taro.requestSubscribeMessage as unknown as jest.Mock;

const TEMPLATES = {
  moment: 'perk_claim',
  sandbox: false,
  templates: [
    { purpose: 'perk_granted', title: '权益到账提醒', templateId: 'tpl-perk' },
    { purpose: 'points_expiring', title: '积分过期提醒', templateId: 'tpl-points' },
    { purpose: 'care_message', title: '会员关怀通知', templateId: 'tpl-care' },
  ],
};

/** The modal answers through its success callback, as WeChat's does (and Taro's promise too). */
function modalAnswers(confirm: boolean) {
  const inside = { now: false };
  mockModal.mockImplementation((opts: { success?: (r: { confirm: boolean }) => void }) => {
    inside.now = true;
    opts.success?.({ confirm });
    inside.now = false;
    return Promise.resolve({ confirm, cancel: !confirm });
  });
  return inside;
}

/** wx.requestSubscribeMessage's answer: one result per id, plus errMsg. */
function sheetAnswers(results: Record<string, string>, inside?: { now: boolean }) {
  const calledInsideTap: boolean[] = [];
  mockSubscribe.mockImplementation(
    (opts: { tmplIds: string[]; success?: (r: Record<string, string>) => void }) => {
      calledInsideTap.push(inside?.now ?? false);
      const res = { errMsg: 'requestSubscribeMessage:ok', ...results };
      opts.success?.(res);
      return Promise.resolve(res);
    },
  );
  return calledInsideTap;
}

const reports = (calls: FakeCall[]) =>
  calls.filter((c) => c.method === 'POST' && c.path === '/api/mp/subscriptions').map((c) => c.data);

describe('subscribe messages at the natural moments (weapp)', () => {
  beforeEach(() => signIn());
  afterEach(() => {
    cleanup();
    signOut();
    jest.clearAllMocks();
    mockModal.mockImplementation(() => Promise.resolve({ confirm: true, cancel: false }));
  });

  it('asks for the moment’s templates from the modal’s tap and reports only the answers', async () => {
    const calls = fakeApi({
      'GET /api/mp/subscriptions/templates': { body: TEMPLATES },
      'POST /api/mp/subscriptions': { body: { accepted: [] } },
    });
    const inside = modalAnswers(true);
    const tapped = sheetAnswers(
      { 'tpl-perk': 'accept', 'tpl-points': 'reject', 'tpl-care': 'filter' },
      inside,
    );

    const reported = await askSubscriptions('perk_claim');

    expect(calls[0]!.url).toBe('/api/mp/subscriptions/templates?moment=perk_claim');
    expect(mockSubscribe).toHaveBeenCalledWith(
      expect.objectContaining({ tmplIds: ['tpl-perk', 'tpl-points', 'tpl-care'] }),
    );
    // Opened within the modal's tap callback: WeChat refuses the sheet outside a tap.
    expect(tapped).toEqual([true]);
    const results = { 'tpl-perk': 'accept', 'tpl-points': 'reject', 'tpl-care': 'filter' };
    expect(reported).toEqual(results);
    expect(reports(calls)).toEqual([{ results }]);
  });

  it('asks nothing and reports nothing when the member taps 暂不', async () => {
    const calls = fakeApi({ 'GET /api/mp/subscriptions/templates': { body: TEMPLATES } });
    modalAnswers(false);
    expect(await askSubscriptions('event_signup')).toBeNull();
    expect(mockSubscribe).not.toHaveBeenCalled();
    expect(reports(calls)).toEqual([]);
  });

  it('does not ask again at the same moment within ten minutes', async () => {
    fakeApi({
      'GET /api/mp/subscriptions/templates': { body: TEMPLATES },
      'POST /api/mp/subscriptions': { body: { accepted: [] } },
    });
    modalAnswers(true);
    sheetAnswers({ 'tpl-perk': 'accept' });
    const t0 = Date.UTC(2026, 0, 5, 2);
    await askSubscriptions('perk_claim', t0);
    expect(await askSubscriptions('perk_claim', t0 + 5 * 60_000)).toBeNull();
    expect(mockModal).toHaveBeenCalledTimes(1);
    await askSubscriptions('topup', t0 + 5 * 60_000); // another moment asks
    await askSubscriptions('perk_claim', t0 + 11 * 60_000);
    expect(mockModal).toHaveBeenCalledTimes(3);
  });

  it('asks nothing when the server has no templates (messages off)', async () => {
    fakeApi({
      'GET /api/mp/subscriptions/templates': { body: { ...TEMPLATES, templates: [] } },
    });
    expect(await askSubscriptions('topup')).toBeNull();
    expect(mockModal).not.toHaveBeenCalled();
  });

  it('swallows every failure: offering never rejects', async () => {
    fakeApi({ 'GET /api/mp/subscriptions/templates': apiError(500, 'INTERNAL') });
    const rejected = jest.fn();
    process.on('unhandledRejection', rejected);
    offerSubscriptions('perk_claim');
    await new Promise((r) => setTimeout(r, 10));
    process.off('unhandledRejection', rejected);
    expect(rejected).not.toHaveBeenCalled();
  });

  it('offers after a successful perk claim, and the claim shows its code either way', async () => {
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
    const calls = fakeApi({
      'GET /api/mp/perks': {
        body: { tier: { code: 'silver', name: '银卡' }, perks: [memberPerk()] },
      },
      'POST /api/mp/perks/free_coffee/claim': { body: instance },
      'GET /api/mp/subscriptions/templates': { body: TEMPLATES },
      'POST /api/mp/subscriptions': { body: { accepted: [] } },
    });
    modalAnswers(true);
    sheetAnswers({ 'tpl-perk': 'accept' });
    render(<PerksPage />);

    fireEvent.click(await screen.findByRole('button', { name: '立即领取' }));

    await screen.findByRole('dialog', { name: '每月咖啡券' });
    await waitFor(() => expect(reports(calls)).toEqual([{ results: { 'tpl-perk': 'accept' } }]));
    expect(mockModal).toHaveBeenCalledWith(expect.objectContaining({ title: '开启消息提醒' }));
  });
});
