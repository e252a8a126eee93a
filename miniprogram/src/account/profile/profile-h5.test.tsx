import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { fakeApi } from '../../../test/fake-api';
import { meSilver } from '../../../test/fixtures';
import { signIn, signOut, silverMember } from '../../../test/session';
import { setSandboxOpenid } from '../../session/platform';
import { getSession } from '../../session/store';
import ProfilePage from '.';

// The H5 build resolves platform.h5.ts (the sandbox number field stands in for WeChat's phone
// button); jest resolves the weapp file, so this suite swaps in the H5 one.
jest.mock('../../session/platform', () => jest.requireActual('../../session/platform.h5'));

describe('profile page on H5: binding a phone in the sandbox', () => {
  beforeEach(() => {
    signIn({ ...silverMember, phoneBound: false });
    setSandboxOpenid('o-sandbox-lin');
  });
  afterEach(() => {
    cleanup();
    signOut();
  });

  function unboundApi(bound: { value: boolean }) {
    return fakeApi({
      'GET /healthz': { body: { ok: true, sandbox: true } },
      'GET /api/mp/me': () => ({ body: { ...meSilver, phoneBound: bound.value } }),
      'POST /sandbox/weapp/phone-code': { body: { code: 'phone-code-1' } },
      'POST /api/mp/phone': () => {
        bound.value = true;
        return { body: { member: { ...silverMember, phoneBound: true } } };
      },
    });
  }

  it('does not bind when the number is not an 11-digit mainland mobile', async () => {
    const calls = unboundApi({ value: false });
    render(<ProfilePage />);
    const field = await screen.findByLabelText('沙盒手机号');
    fireEvent.change(field, { target: { value: '12345' } });
    const bind = screen.getByRole('button', { name: '绑定' });
    expect(bind.getAttribute('aria-disabled')).toBe('true');

    fireEvent.click(bind);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(calls.filter((c) => c.method === 'POST')).toEqual([]);
    expect(getSession().member?.phoneBound).toBe(false);
  });

  it('binds a valid number and shows it bound', async () => {
    const calls = unboundApi({ value: false });
    render(<ProfilePage />);
    fireEvent.change(await screen.findByLabelText('沙盒手机号'), {
      target: { value: '13800138000' },
    });
    const bind = screen.getByRole('button', { name: '绑定' });
    await waitFor(() => expect(bind.getAttribute('aria-disabled')).toBeNull());
    fireEvent.click(bind);

    await screen.findByText('已绑定，门店消费将自动累计');
    expect(calls.filter((c) => c.method === 'POST').map((c) => c.path)).toEqual([
      '/sandbox/weapp/phone-code',
      '/api/mp/phone',
    ]);
    expect(getSession().member?.phoneBound).toBe(true);
  });
});
