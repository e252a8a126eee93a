import { fireEvent, screen, waitFor } from '@testing-library/react';
import { callsTo, LADDER, routeFetch } from '../../../../jest/fakeApi';
import {
  type FetchMock,
  fakeResponse,
  installFetch,
  uninstallFetch,
} from '../../../../jest/fakeFetch';
import { renderWithPanel } from '../../../../jest/renderWithPanel';
import GrantPanel from './GrantPanel';
import { parseMemberNos } from './grantRules';

const JOB = {
  id: 'f'.repeat(24),
  kind: 'grant',
  segment: { type: 'list', value: '2 名会员' },
  points: 100,
  reason: '双十一回馈',
  status: 'running',
  total: 4,
  done: 1,
  failed: 0,
  failures: [],
  error: null,
  createdBy: 'ops01',
  createdAt: '2026-11-23T08:00:00.000Z',
  finishedAt: null,
};

let fetchMock: FetchMock;
let polls = 0;
beforeEach(() => {
  polls = 0;
  fetchMock = installFetch();
  routeFetch(fetchMock, {
    'GET /api/admin/tiers': () => fakeResponse(200, LADDER),
    'GET /api/admin/points/grants': () =>
      fakeResponse(200, { items: [JOB], total: 1, page: 1, pageSize: 10 }),
    [`GET /api/admin/points/grants/${JOB.id}`]: () => {
      polls += 1;
      return fakeResponse(200, { ...JOB, status: 'done', done: 4, finishedAt: JOB.createdAt });
    },
    'POST /api/admin/points/grants': () => fakeResponse(202, JOB),
  });
});
afterEach(uninstallFetch);

describe('bulk points grant', () => {
  it('reads pasted member numbers one per line or comma separated, without duplicates', () => {
    expect(parseMemberNos('M001\nM002, M003，M001\n\n')).toEqual(['M001', 'M002', 'M003']);
  });

  it('asks for points and a reason in Chinese before submitting', async () => {
    renderWithPanel(<GrantPanel />, 'ops');
    fireEvent.click(await screen.findByText('提交任务'));
    expect(await screen.findByText('请选择等级')).toBeTruthy();
    expect(screen.getByText('请输入积分数')).toBeTruthy();
    expect(screen.getByText('请填写原因（将记入审计日志）')).toBeTruthy();
    expect(callsTo(fetchMock, 'POST /api/admin/points/grants')).toHaveLength(0);
  });

  it('submits a member list with an idempotency key and follows the job to the end', async () => {
    renderWithPanel(<GrantPanel />, 'ops');
    fireEvent.click(await screen.findByText('会员号名单'));
    fireEvent.change(await screen.findByPlaceholderText('每行一个会员号'), {
      target: { value: 'M00000001\nM00000002' },
    });
    fireEvent.change(screen.getByLabelText('每人积分'), { target: { value: '100' } });
    fireEvent.change(screen.getByLabelText('原因'), { target: { value: '双十一回馈' } });
    fireEvent.click(screen.getByText('提交任务'));
    await waitFor(() =>
      expect(callsTo(fetchMock, 'POST /api/admin/points/grants')).toHaveLength(1),
    );
    const body = callsTo(fetchMock, 'POST /api/admin/points/grants')[0]?.body as Record<
      string,
      unknown
    >;
    expect(body).toMatchObject({
      kind: 'grant',
      segment: { memberNos: ['M00000001', 'M00000002'] },
      points: 100,
      reason: '双十一回馈',
    });
    expect(String(body.idempotencyKey)).toMatch(/^grant-[0-9a-f]{32}$/);
    // The running job is polled until it reports done.
    expect(await screen.findByText('完成', {}, { timeout: 10_000 })).toBeTruthy();
    expect(polls).toBeGreaterThan(0);
  });

  it('shows an analyst the jobs but no grant form', async () => {
    renderWithPanel(<GrantPanel />, 'analyst');
    expect(await screen.findByText('双十一回馈')).toBeTruthy();
    expect(screen.queryByText('提交任务')).toBeNull();
  });
});
