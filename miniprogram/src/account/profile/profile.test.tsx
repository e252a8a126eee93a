import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { fakeApi } from '../../../test/fake-api';
import { meSilver } from '../../../test/fixtures';
import { signIn, signOut } from '../../../test/session';
import { getSession } from '../../session/store';
import ProfilePage from '.';

describe('profile page (个人资料)', () => {
  beforeEach(() => signIn());
  afterEach(() => {
    cleanup();
    signOut();
  });

  it('saves only the changed nickname and birthday and updates the session', async () => {
    const calls = fakeApi({
      'GET /api/mp/me': { body: meSilver },
      'PATCH /api/mp/me': (call) => ({ body: { ...meSilver, ...(call.data as object) } }),
    });
    render(<ProfilePage />);

    const nickname = (await screen.findByLabelText('昵称')) as HTMLInputElement;
    expect(nickname.value).toBe('林小满');
    fireEvent.change(nickname, { target: { value: '小满' } });
    fireEvent.change(screen.getByLabelText('选择日期'), { target: { value: '1992-08-08' } });
    fireEvent.click(screen.getByRole('button', { name: '保存' }));

    await waitFor(() => expect(getSession().member?.nickname).toBe('小满'));
    expect(calls.find((c) => c.method === 'PATCH')!.data).toEqual({
      nickname: '小满',
      birthday: '1992-08-08',
    });
  });

  it('shows a bound phone and, when unbound, the WeChat phone button', async () => {
    fakeApi({ 'GET /api/mp/me': { body: { ...meSilver, phoneBound: false } } });
    render(<ProfilePage />);

    await screen.findByRole('button', { name: '微信手机号快捷绑定' });
    expect(screen.queryByText('已绑定，门店消费将自动累计')).toBeNull();
  });
});
