import { fireEvent, screen, within } from '@testing-library/react';
import { callsTo, routeFetch } from '../../../../jest/fakeApi';
import {
  type FetchMock,
  fakeResponse,
  installFetch,
  uninstallFetch,
} from '../../../../jest/fakeFetch';
import { renderWithPanel } from '../../../../jest/renderWithPanel';
import CirclesPage from '../CirclesPage';
import { CIRCLE } from './testFixtures';

const DRAFT = {
  ...CIRCLE,
  id: 'new-draft',
  name: '新客草稿',
  status: 'draft',
  memberCount: 0,
  materializedAt: null,
  owner: '',
};

let fetchMock: FetchMock;
beforeEach(() => {
  fetchMock = installFetch();
  routeFetch(fetchMock, {
    'GET /api/admin/circles': () => fakeResponse(200, { items: [DRAFT, CIRCLE] }),
    'POST /api/admin/circles/materialize': () => fakeResponse(202, { queued: true }),
  });
});
afterEach(uninstallFetch);

describe('circle list', () => {
  it('lists circles with status, size, update time and owner; recomputes on request', async () => {
    renderWithPanel(<CirclesPage />, 'ops');
    const row = (await screen.findByText('成分党高潜')).closest('tr') as HTMLElement;
    expect(within(row).getByText('启用')).toBeTruthy();
    expect(within(row).getByText('1,280')).toBeTruthy();
    expect(within(row).getByText('运营小张')).toBeTruthy();
    const draft = screen.getByText('新客草稿').closest('tr') as HTMLElement;
    expect(within(draft).getByText('草稿')).toBeTruthy();
    expect(within(draft).getByText('尚未计算')).toBeTruthy();
    // Active circles come first.
    const names = [...document.querySelectorAll('tbody tr.ant-table-row')].map(
      (tr) => tr.textContent ?? '',
    );
    expect(names[0]).toContain('成分党高潜');

    fireEvent.click(screen.getByText('立即重算'));
    expect(await screen.findByText('已开始重算启用中的圈层，稍后刷新查看最新人数')).toBeTruthy();
    expect(callsTo(fetchMock, 'POST /api/admin/circles/materialize')).toHaveLength(1);
  });

  it('gives an analyst no create or recompute, only viewing and trying rules', async () => {
    renderWithPanel(<CirclesPage />, 'analyst');
    expect(await screen.findByText('成分党高潜')).toBeTruthy();
    expect(screen.getByText('只读账号：可查看圈层与成员、试算规则，不能修改')).toBeTruthy();
    expect(screen.queryByText('新建圈层')).toBeNull();
    expect(screen.queryByText('立即重算')).toBeNull();
    expect(screen.getAllByText(/^试\s?算$/).length).toBe(2);
  });
});
