import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { callsTo, LADDER, routeFetch } from '../../../../jest/fakeApi';
import {
  type FetchMock,
  fakeResponse,
  installFetch,
  uninstallFetch,
} from '../../../../jest/fakeFetch';
import { renderWithPanel } from '../../../../jest/renderWithPanel';
import TasksPage from '../TasksPage';

const SIGNIN = {
  code: 'daily_signin',
  name: '每日签到',
  description: '',
  kind: 'signin',
  target: 1,
  period: 'daily',
  eligibleTiers: [],
  reward: { points: 5, growth: 0, perkCode: null },
  streakBonus: { every: 7, points: 20 },
  category: null,
  activeFrom: null,
  activeTo: null,
  archived: false,
};

let fetchMock: FetchMock;
beforeEach(() => {
  fetchMock = installFetch();
  routeFetch(fetchMock, {
    'GET /api/admin/tiers': () => fakeResponse(200, LADDER),
    'GET /api/admin/tasks': () => fakeResponse(200, { items: [SIGNIN] }),
    'POST /api/admin/tasks': ({ body }) => fakeResponse(201, { ...SIGNIN, ...(body as object) }),
    'PUT /api/admin/tasks/daily_signin': ({ body }) =>
      fakeResponse(200, { ...SIGNIN, ...(body as object) }),
  });
});
afterEach(uninstallFetch);

function modal(): Promise<HTMLElement> {
  return waitFor(() => {
    const el = document.querySelector<HTMLElement>('.ant-modal-container');
    if (!el) throw new Error('对话框未打开');
    return el;
  });
}

describe('tasks page', () => {
  it('refuses a task without code, name or a sane target, in Chinese', async () => {
    renderWithPanel(<TasksPage />, 'ops');
    fireEvent.click(await screen.findByText('新建任务'));
    const dialog = within(await modal());
    fireEvent.change(dialog.getByLabelText('任务代码'), { target: { value: '9x' } });
    fireEvent.change(dialog.getByLabelText('目标'), { target: { value: '0' } });
    fireEvent.click(screen.getByText('保存任务'));
    expect(
      await dialog.findByText('任务代码须以小写字母开头，2–32 位小写字母、数字或下划线'),
    ).toBeTruthy();
    expect(dialog.getByText('请输入任务名称')).toBeTruthy();
    expect(dialog.getByText('目标次数须为 1–1000000000 的整数')).toBeTruthy();
    expect(callsTo(fetchMock, 'POST /api/admin/tasks')).toHaveLength(0);
  }, 90_000);

  it('keeps the streak bonus it does not edit when a task is saved', async () => {
    renderWithPanel(<TasksPage />, 'ops');
    fireEvent.click(await screen.findByText(/^编\s?辑$/));
    const dialog = within(await modal());
    await waitFor(() =>
      expect((dialog.getByLabelText('任务名称') as HTMLInputElement).value).toBe('每日签到'),
    );
    fireEvent.change(dialog.getByLabelText('奖励积分'), { target: { value: '8' } });
    fireEvent.click(screen.getByText('保存任务'));
    await waitFor(() =>
      expect(callsTo(fetchMock, 'PUT /api/admin/tasks/daily_signin')).toHaveLength(1),
    );
    expect(callsTo(fetchMock, 'PUT /api/admin/tasks/daily_signin')[0]?.body).toMatchObject({
      code: 'daily_signin',
      reward: { points: 8, growth: 0, perkCode: null },
      streakBonus: { every: 7, points: 20 },
      category: null,
    });
  }, 90_000);

  it('shows an analyst the tasks without create or edit', async () => {
    renderWithPanel(<TasksPage />, 'analyst');
    expect(await screen.findByText('每日签到')).toBeTruthy();
    expect(screen.queryByText('新建任务')).toBeNull();
    expect(screen.queryByText(/^编\s?辑$/)).toBeNull();
  });
});
