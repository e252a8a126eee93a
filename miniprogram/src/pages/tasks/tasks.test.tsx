import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { fakeApi } from '../../../test/fake-api';
import { memberTask } from '../../../test/fixtures';
import { signIn, signOut } from '../../../test/session';
import TasksPage from '.';

const review = memberTask({
  code: 'first_review',
  name: '发表测评',
  kind: 'review',
  period: 'once',
  target: 3,
  progress: 1,
  reward: { points: 50, growth: 20, perkCode: null },
  streak: null,
});

describe('tasks tab (任务)', () => {
  beforeEach(() => signIn());
  afterEach(() => {
    cleanup();
    signOut();
    jest.clearAllMocks();
  });

  it('signs in and claims the sign-in reward in one tap', async () => {
    let state: 'in_progress' | 'completed' | 'claimed' = 'in_progress';
    const calls = fakeApi({
      'GET /api/mp/tasks': () => ({
        body: { items: [memberTask({ state, streak: state === 'claimed' ? 3 : 2 }), review] },
      }),
      'POST /api/mp/tasks/signin': () => {
        state = 'completed';
        return { body: { items: [memberTask({ state, progress: 1, streak: 3 })] } };
      },
      'POST /api/mp/tasks/daily_signin/claim': () => {
        state = 'claimed';
        return { body: memberTask({ state, progress: 1, streak: 3 }) };
      },
    });
    render(<TasksPage />);

    fireEvent.click(await screen.findByRole('button', { name: '签到' }));

    await screen.findByText('今日已签到');
    expect(screen.getByText('已连续签到 3 天')).toBeTruthy();
    expect(Taro.showToast).toHaveBeenCalledWith(
      expect.objectContaining({ title: '签到成功 +10 积分' }),
    );
    expect(calls.filter((c) => c.method === 'POST').map((c) => c.path)).toEqual([
      '/api/mp/tasks/signin',
      '/api/mp/tasks/daily_signin/claim',
    ]);
  });

  it('shows task progress and reward, and claims a completed task', async () => {
    let done = false;
    fakeApi({
      'GET /api/mp/tasks': () => ({
        body: {
          items: [
            review,
            memberTask({
              code: 'profile',
              name: '完善资料',
              kind: 'profile',
              period: 'once',
              state: done ? 'claimed' : 'completed',
              progress: 1,
              reward: { points: 100, growth: 0, perkCode: null },
              streak: null,
            }),
          ],
        },
      }),
      'POST /api/mp/tasks/profile/claim': () => {
        done = true;
        return {
          body: memberTask({
            code: 'profile',
            state: 'claimed',
            reward: { points: 100, growth: 0, perkCode: null },
          }),
        };
      },
    });
    render(<TasksPage />);

    const [reviewRow] = await screen.findAllByTestId('task-item');
    expect(within(reviewRow!).getByText('+50 积分 · +20 成长值')).toBeTruthy();
    expect(within(reviewRow!).getByText('1 / 3')).toBeTruthy();
    expect(within(reviewRow!).getByRole('progressbar').getAttribute('aria-valuenow')).toBe('33');

    fireEvent.click(screen.getByRole('button', { name: '领取奖励' }));
    await waitFor(() => expect(screen.queryByRole('button', { name: '领取奖励' })).toBeNull());
    expect(Taro.showToast).toHaveBeenCalledWith(
      expect.objectContaining({ title: '获得 100 积分' }),
    );
  });

  it('says so when there are no tasks', async () => {
    fakeApi({ 'GET /api/mp/tasks': { body: { items: [] } } });
    render(<TasksPage />);

    await screen.findByText('暂无可做的任务');
    expect(screen.queryByTestId('signin')).toBeNull();
  });

  it('does not sign in again when 已签到 is tapped', async () => {
    const calls = fakeApi({
      'GET /api/mp/tasks': { body: { items: [memberTask({ state: 'claimed', streak: 3 })] } },
    });
    render(<TasksPage />);
    const done = await screen.findByRole('button', { name: '已签到' });
    expect(done.getAttribute('aria-disabled')).toBe('true');

    fireEvent.click(done);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(calls.filter((c) => c.method === 'POST')).toEqual([]);
    expect(Taro.showToast).not.toHaveBeenCalled();
  });
});
