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

/** A spend task: its target is money, stored as fen (150000 fen = 1500 元). */
const SPEND = {
  ...SIGNIN,
  code: 'monthly_spend',
  name: '月消费满 1500 元',
  kind: 'spend',
  target: 150_000,
  period: 'monthly',
  reward: { points: 100, growth: 0, perkCode: null },
  streakBonus: null,
};

let fetchMock: FetchMock;
beforeEach(() => {
  fetchMock = installFetch();
  routeFetch(fetchMock, {
    'GET /api/admin/tiers': () => fakeResponse(200, LADDER),
    'GET /api/admin/circles': () => fakeResponse(200, { items: [] }),
    'GET /api/admin/tasks': () => fakeResponse(200, { items: [SIGNIN, SPEND] }),
    'POST /api/admin/tasks': ({ body }) => fakeResponse(201, { ...SIGNIN, ...(body as object) }),
    'PUT /api/admin/tasks/daily_signin': ({ body }) =>
      fakeResponse(200, { ...SIGNIN, ...(body as object) }),
    'PUT /api/admin/tasks/monthly_spend': ({ body }) =>
      fakeResponse(200, { ...SPEND, ...(body as object) }),
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

async function editRow(name: string) {
  const row = (await screen.findByText(name)).closest('tr') as HTMLElement;
  fireEvent.click(within(row).getByText(/^编\s?辑$/));
  const dialog = within(await modal());
  await waitFor(() =>
    expect((dialog.getByLabelText('任务名称') as HTMLInputElement).value).toBe(name),
  );
  return dialog;
}

/** A new 累计消费 task with code and name filled in, its amount still to type. */
async function newSpendTask() {
  renderWithPanel(<TasksPage />, 'ops');
  fireEvent.click(await screen.findByText('新建任务'));
  const dialog = within(await modal());
  fireEvent.change(dialog.getByLabelText('任务代码'), { target: { value: 'spend_2000' } });
  fireEvent.change(dialog.getByLabelText('任务名称'), { target: { value: '消费满 19.99 元' } });
  fireEvent.mouseDown(dialog.getByLabelText('任务类型'));
  fireEvent.click(await screen.findByTitle('累计消费'));
  await dialog.findByLabelText('目标金额');
  return dialog;
}

// Selects and modals in jsdom are slow on the shared machine; these wait for the UI.
const SLOW = 90_000;

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
    const dialog = await editRow('每日签到');
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

  it(
    'sends a spend target typed in 元 as integer fen',
    async () => {
      const dialog = await newSpendTask();
      expect(dialog.getByText('目标金额（元）')).toBeTruthy();
      fireEvent.change(dialog.getByLabelText('目标金额'), { target: { value: '19.99' } });
      fireEvent.click(screen.getByText('保存任务'));
      await waitFor(() => expect(callsTo(fetchMock, 'POST /api/admin/tasks')).toHaveLength(1));
      expect(callsTo(fetchMock, 'POST /api/admin/tasks')[0]?.body).toMatchObject({
        code: 'spend_2000',
        kind: 'spend',
        target: 1999,
      });
    },
    SLOW,
  );

  it.each([
    ['1.234', '请输入目标金额，最多两位小数'],
    ['-1', '目标金额不能为负数'],
    ['0', '目标金额须大于 0'],
  ])(
    'refuses a spend target of %s 元 in Chinese and sends nothing',
    async (typed, error) => {
      const dialog = await newSpendTask();
      fireEvent.change(dialog.getByLabelText('目标金额'), { target: { value: typed } });
      fireEvent.click(screen.getByText('保存任务'));
      expect(await dialog.findByText(error)).toBeTruthy();
      expect(callsTo(fetchMock, 'POST /api/admin/tasks')).toHaveLength(0);
    },
    SLOW,
  );

  it(
    'lists a spend target in 元 and edits it in 元, saving fen',
    async () => {
      renderWithPanel(<TasksPage />, 'ops');
      const row = (await screen.findByText('月消费满 1500 元')).closest('tr') as HTMLElement;
      expect(within(row).getByText('¥1,500.00')).toBeTruthy();
      const dialog = await editRow('月消费满 1500 元');
      const amount = dialog.getByLabelText('目标金额') as HTMLInputElement;
      expect(amount.value).toBe('1500');
      fireEvent.change(amount, { target: { value: '2000.5' } });
      fireEvent.click(screen.getByText('保存任务'));
      await waitFor(() =>
        expect(callsTo(fetchMock, 'PUT /api/admin/tasks/monthly_spend')).toHaveLength(1),
      );
      expect(callsTo(fetchMock, 'PUT /api/admin/tasks/monthly_spend')[0]?.body).toMatchObject({
        kind: 'spend',
        target: 200_050,
      });
    },
    SLOW,
  );

  it('shows an analyst the tasks without create or edit', async () => {
    renderWithPanel(<TasksPage />, 'analyst');
    expect(await screen.findByText('每日签到')).toBeTruthy();
    expect(screen.queryByText('新建任务')).toBeNull();
    expect(screen.queryAllByText(/^编\s?辑$/)).toHaveLength(0);
  });
});
