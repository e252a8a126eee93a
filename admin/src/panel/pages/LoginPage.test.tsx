import { fireEvent, screen, waitFor } from '@testing-library/react';
import {
  deferred,
  errorBody,
  type FetchMock,
  fakeResponse,
  installFetch,
  uninstallFetch,
} from '../../../jest/fakeFetch';
import { panelSession } from '../../../jest/panelSession';
import { renderPanel } from '../../../jest/renderPanel';

// antd puts a space between the two characters of a two-character Chinese button label.
const SUBMIT = { name: /登\s*录/ };

let fetchMock: FetchMock;
beforeEach(() => {
  fetchMock = installFetch();
});
afterEach(uninstallFetch);

async function openLogin(path = '/login') {
  const view = renderPanel(path);
  const username = await screen.findByLabelText('用户名');
  const password = screen.getByLabelText('密码');
  return { ...view, username, password, submit: screen.getByRole('button', SUBMIT) };
}

describe('login page', () => {
  it('shows both required-field messages in Chinese and sends nothing when the form is empty', async () => {
    const { submit } = await openLogin();
    fireEvent.click(submit);

    expect(await screen.findByText('请输入用户名')).toBeTruthy();
    expect(await screen.findByText('请输入密码')).toBeTruthy();
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('rejects a username made only of spaces', async () => {
    const { username, password, submit } = await openLogin();
    fireEvent.change(username, { target: { value: '   ' } });
    fireEvent.change(password, { target: { value: 'secret' } });
    fireEvent.click(submit);

    expect(await screen.findByText('请输入用户名')).toBeTruthy();
    expect(screen.queryByText('请输入密码')).toBeNull();
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('posts the credentials, disables submit while pending, and says the service is not open on 404', async () => {
    const pending = deferred<Response>();
    fetchMock.mockReturnValueOnce(pending.promise);
    const { username, password, submit } = await openLogin();

    fireEvent.change(username, { target: { value: ' ops01 ' } });
    fireEvent.change(password, { target: { value: 'pa ss' } });
    fireEvent.click(submit);

    await waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(1));
    const [url, init] = fetchMock.mock.calls[0]!;
    expect(url).toBe('/api/admin/auth/login');
    expect(init?.method).toBe('POST');
    expect(JSON.parse(String(init?.body))).toEqual({ username: 'ops01', password: 'pa ss' });
    await waitFor(() =>
      expect(screen.getByRole('button', SUBMIT).hasAttribute('disabled')).toBe(true),
    );

    // A second click while pending must not send a second request.
    fireEvent.click(screen.getByRole('button', SUBMIT));
    pending.resolve(fakeResponse(404, errorBody('ROUTE_NOT_FOUND', 'Not found')));

    expect(await screen.findByText('登录服务暂未开放，请稍后再试')).toBeTruthy();
    expect(screen.getByText('请求编号：req-test-1')).toBeTruthy();
    expect(screen.getByRole('button', SUBMIT).hasAttribute('disabled')).toBe(false);
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });

  it('says the server cannot be reached when the request never gets an answer', async () => {
    fetchMock.mockRejectedValueOnce(new TypeError('Failed to fetch'));
    const { username, password, submit } = await openLogin();
    fireEvent.change(username, { target: { value: 'ops01' } });
    fireEvent.change(password, { target: { value: 'secret' } });
    fireEvent.click(submit);

    expect(await screen.findByText('无法连接服务器，登录服务暂不可用')).toBeTruthy();
  });

  it('tells a wrong password apart from an unavailable service', async () => {
    fetchMock.mockResolvedValueOnce(
      fakeResponse(401, errorBody('LOGIN_FAILED', 'bad credentials')),
    );
    const { username, password, submit } = await openLogin();
    fireEvent.change(username, { target: { value: 'ops01' } });
    fireEvent.change(password, { target: { value: 'wrong' } });
    fireEvent.click(submit);

    expect(await screen.findByText('用户名或密码错误')).toBeTruthy();
    expect(screen.queryByText('登录服务暂未开放，请稍后再试')).toBeNull();
  });

  it('signs in and returns to the page the visitor first asked for', async () => {
    const session = panelSession('ops', 'ops01');
    fetchMock.mockImplementation(async (url) => {
      const path = String(url);
      if (path === '/healthz')
        return fakeResponse(200, { status: 'ok', database: { state: 'connected' } });
      if (path === '/api/admin/auth/login') return fakeResponse(200, session);
      if (path.startsWith('/api/admin/members'))
        return fakeResponse(200, { items: [], total: 0, page: 1, pageSize: 20 });
      return fakeResponse(200, {});
    });
    const { username, password, submit, router } = await openLogin('/members');
    expect(router.state.location.pathname).toBe('/login');

    fireEvent.change(username, { target: { value: 'ops01' } });
    fireEvent.change(password, { target: { value: 'secret' } });
    fireEvent.click(submit);

    expect(await screen.findByRole('heading', { name: '会员' })).toBeTruthy();
    expect(router.state.location.pathname).toBe('/members');
    expect(screen.getByText('ops01')).toBeTruthy();
  });
});
