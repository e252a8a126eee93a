import { fireEvent, screen, within } from '@testing-library/react';
import { callsTo, routeFetch } from '../../../../jest/fakeApi';
import {
  type FetchMock,
  fakeResponse,
  installFetch,
  uninstallFetch,
} from '../../../../jest/fakeFetch';
import { ACTIVE, CIRCLES, DETAIL, PERKS, renderPlaybooks } from './testFixtures';

let fetchMock: FetchMock;
beforeEach(() => {
  fetchMock = installFetch();
  routeFetch(fetchMock, {
    'GET /api/admin/playbooks/wakeup-three': () => fakeResponse(200, DETAIL),
    'GET /api/admin/circles': () => fakeResponse(200, CIRCLES),
    'GET /api/admin/perks': () => fakeResponse(200, PERKS),
    'POST /api/admin/playbooks/wakeup-three/pause': () =>
      fakeResponse(200, { ...ACTIVE, status: 'paused' }),
  });
});
afterEach(uninstallFetch);

const step = (n: number) =>
  screen.getByText(new RegExp(`^第 ${n} 步 · `)).closest('.playbook-step') as HTMLElement;

describe('playbook detail', () => {
  it('shows the funnel and every step as a flow with the runs that reached it', async () => {
    renderPlaybooks('/playbooks/wakeup-three');
    expect(await screen.findByRole('heading', { name: '运营剧本 · 唤醒三板斧' })).toBeTruthy();

    // Funnel: 200 entered → 150 touched → 25 converted, spending ¥1,234.00.
    expect(screen.getByText('触达率 75.0%')).toBeTruthy();
    expect(screen.getByText('转化率 12.5%')).toBeTruthy();
    expect(screen.getByText('¥1,234.00')).toBeTruthy();
    expect(screen.getByText(/进行中 120 人/)).toBeTruthy();

    // Step 1: the consultant task with its script and outcomes.
    const first = step(1);
    expect(within(first).getByText('第 1 步 · 导购 1v1 任务')).toBeTruthy();
    expect(within(first).getByLabelText('第 1 步到达人数').textContent).toBe('200 人到达');
    expect(within(first).getByText(/给您预留了一份老友回归礼/)).toBeTruthy();
    expect(within(first).getByText('不感兴趣')).toBeTruthy();
    // Step 2: the perk, by name once the catalogue arrives.
    expect(within(step(2)).getByLabelText('第 2 步到达人数').textContent).toBe('180 人到达');
    expect(await within(step(2)).findByText('老友回归礼（vip_wakeup_gift）')).toBeTruthy();
    // Step 3: the subscribe message with its template fields.
    expect(within(step(3)).getByText('权益到账提醒')).toBeTruthy();
    expect(within(step(3)).getByText('导购已为您预留，到店出示会员码领取')).toBeTruthy();
    expect(within(step(4)).getByText('第 4 步 · 等待 7 天')).toBeTruthy();
    // Step 5: the branch in words; 99 (past the last step) reads as the end.
    const branch = step(5);
    expect(within(branch).getByText('第 5 步 · 条件分支（是 → 结束，否 → 第 6 步）')).toBeTruthy();
    expect(within(branch).getByText('进入剧本后是否已下单')).toBeTruthy();
    expect(within(branch).getByLabelText('第 5 步到达人数').textContent).toBe('90 人到达');
    // Steps nobody reached yet say 0.
    expect(within(step(10)).getByLabelText('第 10 步到达人数').textContent).toBe('0 人到达');
  }, 60_000);

  it('pauses from the detail page and shows the new status', async () => {
    renderPlaybooks('/playbooks/wakeup-three');
    fireEvent.click(await screen.findByRole('button', { name: /^暂\s?停$/ }));
    expect(await screen.findByText('已暂停，进行中的会员停在当前步骤')).toBeTruthy();
    expect(await screen.findByRole('button', { name: /^恢\s?复$/ })).toBeTruthy();
    expect(screen.getByText('已暂停')).toBeTruthy();
    expect(callsTo(fetchMock, 'POST /api/admin/playbooks/wakeup-three/pause')).toHaveLength(1);
    // The funnel stays (a move answers without one).
    expect(screen.getByText('¥1,234.00')).toBeTruthy();
  }, 60_000);
});
