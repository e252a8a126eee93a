import { fireEvent, screen, waitFor } from '@testing-library/react';
import { callsTo, routeFetch } from '../../../jest/fakeApi';
import {
  type FetchMock,
  fakeResponse,
  installFetch,
  uninstallFetch,
} from '../../../jest/fakeFetch';
import { renderWithPanel } from '../../../jest/renderWithPanel';
import ReferralsPage from './ReferralsPage';

const SETTINGS = {
  minOrderAmount: 9_900,
  coolingOffDays: 7,
  monthlyCap: 20,
  inviterReward: { points: 200, growth: 50 },
  inviteeReward: { points: 100, growth: 0 },
};

let fetchMock: FetchMock;
beforeEach(() => {
  fetchMock = installFetch();
  routeFetch(fetchMock, {
    'GET /api/admin/referral/settings': () => fakeResponse(200, SETTINGS),
    'PUT /api/admin/referral/settings': ({ body }) => fakeResponse(200, body),
  });
});
afterEach(uninstallFetch);

async function loaded() {
  await waitFor(() =>
    expect((screen.getByLabelText('首单门槛') as HTMLInputElement).value).toBe('99'),
  );
}

describe('referral rules', () => {
  it('refuses out-of-range values in Chinese and sends nothing', async () => {
    renderWithPanel(<ReferralsPage />, 'ops');
    await loaded();
    fireEvent.change(screen.getByLabelText('冷静期'), { target: { value: '120' } });
    fireEvent.change(screen.getByLabelText('每月上限'), { target: { value: '0' } });
    fireEvent.change(screen.getByLabelText('首单门槛'), { target: { value: '9.999' } });
    fireEvent.click(screen.getByText('保存规则'));
    expect(await screen.findByText('冷静期须为 0–90 的整数')).toBeTruthy();
    expect(screen.getByText('每月上限须为 1–1000 的整数')).toBeTruthy();
    expect(screen.getByText('请输入首单门槛，最多两位小数')).toBeTruthy();
    expect(callsTo(fetchMock, 'PUT /api/admin/referral/settings')).toHaveLength(0);
  });

  it('saves the minimum order in fen', async () => {
    renderWithPanel(<ReferralsPage />, 'ops');
    await loaded();
    fireEvent.change(screen.getByLabelText('首单门槛'), { target: { value: '128.5' } });
    fireEvent.click(screen.getByText('保存规则'));
    await waitFor(() =>
      expect(callsTo(fetchMock, 'PUT /api/admin/referral/settings')).toHaveLength(1),
    );
    expect(callsTo(fetchMock, 'PUT /api/admin/referral/settings')[0]?.body).toEqual({
      ...SETTINGS,
      minOrderAmount: 12_850,
    });
  });

  it('saves 19.99 元 as exactly 1999 fen', async () => {
    renderWithPanel(<ReferralsPage />, 'ops');
    await loaded();
    fireEvent.change(screen.getByLabelText('首单门槛'), { target: { value: '19.99' } });
    fireEvent.click(screen.getByText('保存规则'));
    await waitFor(() =>
      expect(callsTo(fetchMock, 'PUT /api/admin/referral/settings')).toHaveLength(1),
    );
    expect(callsTo(fetchMock, 'PUT /api/admin/referral/settings')[0]?.body).toMatchObject({
      minOrderAmount: 1_999,
    });
  });

  it('shows an analyst the rules read-only', async () => {
    renderWithPanel(<ReferralsPage />, 'analyst');
    await loaded();
    expect(screen.queryByText('保存规则')).toBeNull();
    expect((screen.getByLabelText('冷静期') as HTMLInputElement).disabled).toBe(true);
  });
});
