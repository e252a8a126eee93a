import { fireEvent, render, screen } from '@testing-library/react';
import { ConfigProvider } from 'antd';
import {
  deferred,
  type FetchMock,
  fakeResponse,
  installFetch,
  uninstallFetch,
} from '../../jest/fakeFetch';
import { zhCN } from '../common/locale';
import { SidebarApp } from './SidebarApp';

let fetchMock: FetchMock;
beforeEach(() => {
  fetchMock = installFetch();
});
afterEach(uninstallFetch);

function renderSidebar() {
  return render(
    <ConfigProvider locale={zhCN}>
      <SidebarApp />
    </ConfigProvider>,
  );
}

describe('consultant sidebar', () => {
  it('shows a loading state, then the connection and the no-customer empty state', async () => {
    const health = deferred<Response>();
    fetchMock.mockReturnValueOnce(health.promise);
    renderSidebar();

    expect(screen.getByText('正在检查服务连接…')).toBeTruthy();
    expect(screen.queryByText('未获取到当前客户')).toBeNull();
    expect(fetchMock.mock.calls[0]![0]).toBe('/healthz');

    health.resolve(fakeResponse(200, { status: 'ok', database: { state: 'connected' } }));
    expect(await screen.findByText('服务正常 · 数据库已连接')).toBeTruthy();
    expect(screen.getByText('未获取到当前客户')).toBeTruthy();
  });

  it('reports a degraded server (503) with the database state', async () => {
    fetchMock.mockResolvedValueOnce(
      fakeResponse(503, { status: 'degraded', database: { state: 'disconnected' } }),
    );
    renderSidebar();
    expect(await screen.findByText('服务降级 · 数据库未连接')).toBeTruthy();
    expect(screen.getByText('未获取到当前客户')).toBeTruthy();
  });

  it('says the server is unreachable and recovers on retry', async () => {
    fetchMock
      .mockRejectedValueOnce(new TypeError('Failed to fetch'))
      .mockResolvedValueOnce(fakeResponse(200, { status: 'ok', database: { state: 'connected' } }));
    renderSidebar();

    expect(await screen.findByText('无法连接服务')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: /重\s*试/ }));

    expect(await screen.findByText('服务正常 · 数据库已连接')).toBeTruthy();
    expect(fetchMock).toHaveBeenCalledTimes(2);
  });

  it('does not trust a health answer of the wrong shape', async () => {
    fetchMock.mockResolvedValueOnce(fakeResponse(200, { ok: true }));
    renderSidebar();
    expect(await screen.findByText('无法连接服务')).toBeTruthy();
    expect(screen.getByText('（健康检查返回了无法识别的数据）')).toBeTruthy();
  });
});
