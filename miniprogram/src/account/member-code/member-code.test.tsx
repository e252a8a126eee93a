import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { apiError, type FakeCall, fakeApi } from '../../../test/fake-api';
import { meSilver } from '../../../test/fixtures';
import { signIn, signOut } from '../../../test/session';
import { hidePages, showPages } from '../../../test/taro-mock';
import MinePage from '../../pages/mine';
import MemberCodePage, { groupDigits } from '.';

const codes = ['12345678901234567890', '98765432109876543210', '55556666777788889999'];

/** Each POST answers the next code; `fail` makes the next answers errors. */
function server() {
  let next = 0;
  const state = { fail: false };
  const calls = fakeApi({
    'POST /api/mp/member-code': () =>
      state.fail
        ? apiError(503, 'DATABASE_UNAVAILABLE')
        : {
            body: {
              code: codes[next++ % codes.length],
              expiresAt: new Date(Date.now() + 120_000).toISOString(),
              refreshAfterSeconds: 60,
            },
          },
  });
  const issued = () => calls.filter((c: FakeCall) => c.path === '/api/mp/member-code').length;
  return { state, issued };
}

const shownCode = () => screen.getByTestId('member-code').getAttribute('data-code');
const tick = (ms: number) => act(() => jest.advanceTimersByTimeAsync(ms));

describe('会员码 page', () => {
  beforeEach(() => {
    jest.useFakeTimers();
    signIn();
  });
  afterEach(() => {
    cleanup();
    signOut();
    jest.useRealTimers();
    jest.clearAllMocks();
  });

  it('shows a scannable code with its digits grouped and the seconds to the next one', async () => {
    server();
    render(<MemberCodePage />);
    await tick(0);
    expect(shownCode()).toBe(codes[0]);
    expect(screen.getByLabelText(`二维码 ${codes[0]}`)).toBeTruthy();
    expect(screen.getByText('1234 5678 9012 3456 7890')).toBeTruthy();
    expect(screen.getByTestId('member-code-countdown').textContent).toBe('60 秒后自动刷新');
    await tick(15_000);
    expect(screen.getByTestId('member-code-countdown').textContent).toBe('45 秒后自动刷新');
  });

  it('replaces the code every 60 s while shown, not while hidden, and at once on return', async () => {
    const api = server();
    render(<MemberCodePage />);
    await tick(0);
    await tick(60_000);
    expect(api.issued()).toBe(2);
    expect(shownCode()).toBe(codes[1]);
    expect(screen.getByTestId('member-code-countdown').textContent).toBe('60 秒后自动刷新');

    act(() => hidePages());
    await tick(180_000);
    expect(api.issued()).toBe(2);
    act(() => showPages());
    await tick(0);
    expect(api.issued()).toBe(3);
    expect(shownCode()).toBe(codes[2]);
  });

  it('refreshes on request and keeps the last code with a notice when a refresh fails', async () => {
    const api = server();
    render(<MemberCodePage />);
    await tick(0);
    fireEvent.click(screen.getByRole('button', { name: '刷新' }));
    await tick(0);
    expect(shownCode()).toBe(codes[1]);
    api.state.fail = true;
    fireEvent.click(screen.getByRole('button', { name: '刷新' }));
    await tick(0);
    expect(shownCode()).toBe(codes[1]);
    expect(screen.getByRole('alert').textContent).toBe('刷新失败，请检查网络后点击刷新');
  });

  it('groups any code in fours', () => {
    expect(groupDigits('12345678')).toBe('1234 5678');
    expect(groupDigits('123456789')).toBe('1234 5678 9');
  });
});

describe('会员码 on the member card', () => {
  afterEach(() => {
    cleanup();
    signOut();
    jest.clearAllMocks();
  });

  it('opens the member code, not 等级说明', async () => {
    signIn();
    fakeApi({ 'GET /api/mp/me': { body: meSilver } });
    render(<MinePage />);
    await screen.findByText('成长值 1,200');
    fireEvent.click(screen.getByRole('button', { name: '会员码' }));
    expect(Taro.navigateTo).toHaveBeenCalledTimes(1);
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/account/member-code/index' });
  });
});
