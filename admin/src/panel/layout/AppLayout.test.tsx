import { act, fireEvent, screen, within } from '@testing-library/react';
import {
  fakeResponse,
  type FetchMock,
  installFetch,
  uninstallFetch,
} from '../../../jest/fakeFetch';
import { panelSession } from '../../../jest/panelSession';
import { renderPanel } from '../../../jest/renderPanel';
import { selectedMenuKey } from './AppLayout';

// A page whose render throws, to show where the route error boundary sits.
jest.mock('../pages/AuditPage', () => ({
  __esModule: true,
  default: () => {
    throw new Error('审计页渲染失败');
  },
}));

const MENU = [
  '概览',
  '会员',
  '等级与权益',
  '社群活动',
  '任务',
  '圈层',
  '圈层看板',
  '运营剧本',
  '会员健康度',
  '邀请',
  '标签',
  '导购',
  '支付订单',
  '审计日志',
];
const OPS = panelSession('ops', 'ops01');

let fetchMock: FetchMock;
beforeEach(() => {
  fetchMock = installFetch();
  // Only the health check answers; the dashboard's data calls get a 404 and show their error.
  fetchMock.mockImplementation(async (input) =>
    String(input) === '/healthz'
      ? fakeResponse(200, { status: 'ok', database: { state: 'connected' } })
      : fakeResponse(404, { error: { code: 'NOT_FOUND', message: '未找到' }, requestId: 'r' }),
  );
});
afterEach(uninstallFetch);

async function menu() {
  return within(await screen.findByRole('menu'));
}

describe('panel layout', () => {
  it('lists every section in the side menu and opens on the dashboard with the server status', async () => {
    renderPanel('/', OPS);
    const items = (await menu()).getAllByRole('menuitem').map((el) => el.textContent);
    expect(items).toEqual(MENU);
    expect(await screen.findByText('服务正常 · 数据库已连接')).toBeTruthy();
    expect(fetchMock).toHaveBeenCalledWith('/healthz', expect.objectContaining({ method: 'GET' }));
    expect(screen.getByText('ops01')).toBeTruthy();
  });

  it('loads a section when its menu entry is clicked and marks it selected', async () => {
    const { router } = renderPanel('/', OPS);
    fireEvent.click((await menu()).getByText('社群活动'));

    expect(await screen.findByRole('heading', { name: '社群活动' })).toBeTruthy();
    expect(router.state.location.pathname).toBe('/events');
    const selected = (await menu()).getByText('社群活动').closest('li');
    expect(selected?.className).toContain('ant-menu-item-selected');
  });

  it('answers an unknown address with a 404 inside the layout', async () => {
    renderPanel('/no-such-page', OPS);
    expect(await screen.findByText('页面不存在')).toBeTruthy();
    expect((await menu()).getAllByRole('menuitem')).toHaveLength(MENU.length);
  });

  it('keeps the menu when a page fails, showing the error in the content area', async () => {
    const consoleError = jest.spyOn(console, 'error').mockImplementation(() => {});
    try {
      renderPanel('/audit', OPS);
      expect(await screen.findByText('页面加载失败')).toBeTruthy();
      expect(screen.getByText('请刷新页面重试（审计页渲染失败）')).toBeTruthy();
      expect((await menu()).getAllByRole('menuitem')).toHaveLength(MENU.length);
    } finally {
      consoleError.mockRestore();
    }
  });

  it('signs out to the login page, after which the panel is closed again', async () => {
    const { router } = renderPanel('/members', OPS);
    fireEvent.click(await screen.findByRole('button', { name: /退出登录/ }));

    expect(await screen.findByLabelText('用户名')).toBeTruthy();
    expect(router.state.location.pathname).toBe('/login');
    await act(() => router.navigate('/members'));
    expect(await screen.findByLabelText('用户名')).toBeTruthy();
    expect(router.state.location.pathname).toBe('/login');
  });

  it('sends anonymous visitors to the login page', async () => {
    const { router } = renderPanel('/tags');
    expect(await screen.findByLabelText('用户名')).toBeTruthy();
    expect(router.state.location.pathname).toBe('/login');
    expect(screen.queryByRole('menu')).toBeNull();
  });
});

describe('selectedMenuKey', () => {
  it('selects a section for its own address and for deeper ones', () => {
    expect(selectedMenuKey('/')).toBe('/');
    expect(selectedMenuKey('/members')).toBe('/members');
    expect(selectedMenuKey('/members/M0001/points')).toBe('/members');
  });
});
