import type { AdminRole } from '@circles/shared';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { callsTo, routeFetch } from '../../../../jest/fakeApi';
import {
  errorBody,
  type FetchMock,
  fakeResponse,
  installFetch,
  uninstallFetch,
} from '../../../../jest/fakeFetch';
import { renderWithPanel } from '../../../../jest/renderWithPanel';
import MemberHealthPage from './MemberHealthPage';

const SETTINGS = { churnRateMax: 0.05, consecutiveWeeks: 2, segments: ['重要价值', '重要保持'] };
const week = (w: string, churned: number, base: number) => ({
  week: w,
  day: '2026-11-30',
  churned,
  base,
  rate: churned / base,
  unhealthy: churned / base > 0.05,
});
const OVERVIEW = {
  settings: SETTINGS,
  weeks: [week('2026-W47', 2, 100), week('2026-W48', 8, 100), week('2026-W49', 9, 100)],
  alert: { id: 'a1', week: '2026-W49', title: '高价值会员流失率连续 2 周高于 5%' },
};
const diagnosisOf = (w: string) => ({
  week: w,
  churned: 9,
  base: 100,
  rate: 0.09,
  examined: 9,
  byCircle: [{ key: 'c1', label: '成分党', members: 6 }],
  byStore: [{ key: 's1', label: '静安店', members: 5 }],
  byConsultant: [{ key: 'u1', label: '李导购', members: 4 }],
  perkUsage: { usedIn90d: 3, share: 3 / 9 },
  members: [
    {
      memberId: 'm1',
      memberNo: 'M00000042',
      nickname: '小林',
      segment: '重要价值',
      lastTouch: { at: '2026-11-20T02:00:00.000Z', kind: 'consultant_task', playbookId: 'p1' },
    },
    {
      memberId: 'm2',
      memberNo: 'M00000043',
      nickname: '小周',
      segment: '重要保持',
      lastTouch: null,
    },
  ],
});

let fetchMock: FetchMock;
function setup(overview: object = OVERVIEW) {
  fetchMock = installFetch();
  routeFetch(fetchMock, {
    'GET /api/admin/member-health': () => fakeResponse(200, overview),
    'GET /api/admin/member-health/diagnosis': ({ url }) =>
      fakeResponse(200, diagnosisOf(new URL(url, 'http://x').searchParams.get('week') ?? '')),
    'PUT /api/admin/member-health/settings': ({ body }) =>
      (body as { consecutiveWeeks: number }).consecutiveWeeks === 7
        ? fakeResponse(
            400,
            errorBody('VALIDATION_FAILED', '参数错误', {
              fields: [{ path: 'body.consecutiveWeeks', message: '连续周数过大' }],
            }),
          )
        : fakeResponse(200, body),
  });
}
afterEach(uninstallFetch);

const renderPage = (role: AdminRole = 'admin') => renderWithPanel(<MemberHealthPage />, role);

describe('member health page', () => {
  it('shows the weekly rates, the open alert and the diagnosis of the alert week', async () => {
    setup();
    renderPage();
    expect(await screen.findByText('高价值会员流失率连续 2 周高于 5%')).toBeTruthy();
    expect(screen.getByText('预警周：2026-W49')).toBeTruthy();
    expect(screen.getAllByText('高于阈值')).toHaveLength(2);
    expect(screen.getByText('正常')).toBeTruthy();
    expect(await screen.findByText('M00000042')).toBeTruthy();
    expect(screen.getByText('成分党')).toBeTruthy();
    expect(screen.getByText('静安店')).toBeTruthy();
    expect(screen.getByText('李导购')).toBeTruthy();
    expect(screen.getByText(/导购 1v1$/)).toBeTruthy();
    expect(screen.getByText('近期无触达')).toBeTruthy();
    const asked = callsTo(fetchMock, 'GET /api/admin/member-health/diagnosis');
    expect(asked.map((c) => new URL(c.url, 'http://x').searchParams.get('week'))).toEqual([
      '2026-W49',
    ]);
  });

  it('says how to get data when no week was measured yet', async () => {
    setup({ settings: SETTINGS, weeks: [], alert: null });
    renderPage();
    expect(await screen.findByText('还没有健康度数据：完成一次价值计算后生成')).toBeTruthy();
    expect(callsTo(fetchMock, 'GET /api/admin/member-health/diagnosis')).toHaveLength(0);
  });

  it('saves the threshold as a ratio and places a server error on its field', async () => {
    setup();
    renderPage();
    const churn = await screen.findByLabelText('流失率阈值');
    await waitFor(() => expect((churn as HTMLInputElement).value).toBe('5.0'));
    fireEvent.change(churn, { target: { value: '7.5' } });
    fireEvent.click(screen.getByRole('button', { name: '保存阈值' }));
    await screen.findByText('已保存健康度阈值');
    expect(callsTo(fetchMock, 'PUT /api/admin/member-health/settings').at(-1)?.body).toEqual({
      ...SETTINGS,
      churnRateMax: 0.075,
    });
    const weeks = screen.getByLabelText('连续周数');
    fireEvent.change(weeks, { target: { value: '7' } });
    fireEvent.click(screen.getByRole('button', { name: '保存阈值' }));
    expect(await screen.findByText('连续周数过大')).toBeTruthy();
  });

  it('lets an analyst read but not change the thresholds', async () => {
    setup();
    renderPage('analyst');
    const card = (await screen.findByText('仅管理员可修改')).closest('.ant-card') as HTMLElement;
    expect(within(card).queryByRole('button', { name: '保存阈值' })).toBeNull();
    expect((within(card).getByLabelText('流失率阈值') as HTMLInputElement).disabled).toBe(true);
  });
});
