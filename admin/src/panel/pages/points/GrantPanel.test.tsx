import { fireEvent, screen, waitFor, within } from '@testing-library/react';
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
  totalPoints: 400,
  done: 1,
  failed: 0,
  failures: [],
  error: null,
  createdBy: 'ops01',
  createdAt: '2026-11-23T08:00:00.000Z',
  finishedAt: null,
  approval: null,
};
const PENDING = {
  ...JOB,
  id: 'a'.repeat(24),
  segment: { type: 'tier', value: 'gold' },
  points: 50,
  reason: '周年庆',
  status: 'pending_approval',
  total: 3000,
  totalPoints: 150_000,
  done: 0,
  approval: {
    status: 'pending',
    requestedBy: 'ops02',
    decidedBy: null,
    decidedAt: null,
    note: null,
  },
};
const estimate = (members: number, points: number, required: boolean) => ({
  kind: 'grant',
  members,
  points,
  totalPoints: members * points,
  unknownMemberNos: 0,
  approval: { required, maxMembers: 1000, maxPoints: 100_000 },
});

// Role queries over the whole panel are slow in jsdom: dialogs are found by their title.
const modal = async (title: string) =>
  (await screen.findByText(title)).closest('.ant-modal') as HTMLElement;

let fetchMock: FetchMock;
let polls = 0;
function routes(over: Record<string, () => Response> = {}) {
  routeFetch(fetchMock, {
    'GET /api/admin/tiers': () => fakeResponse(200, { ...LADDER, effectiveAt: null }),
    'GET /api/admin/points/grants': () =>
      fakeResponse(200, { items: [JOB], total: 1, page: 1, pageSize: 10 }),
    'GET /api/admin/points/grant-approvals': () => fakeResponse(200, { items: [] }),
    [`GET /api/admin/points/grants/${JOB.id}`]: () => {
      polls += 1;
      return fakeResponse(200, { ...JOB, status: 'done', done: 4, finishedAt: JOB.createdAt });
    },
    'POST /api/admin/points/grants/estimate': () => fakeResponse(200, estimate(2, 100, false)),
    'POST /api/admin/points/grants': () => fakeResponse(202, JOB),
    ...over,
  });
}
beforeEach(() => {
  polls = 0;
  fetchMock = installFetch();
  routes();
});
afterEach(uninstallFetch);

async function fillList(points: string) {
  fireEvent.click(await screen.findByText('会员号名单'));
  fireEvent.change(await screen.findByPlaceholderText('每行一个会员号'), {
    target: { value: 'M00000001\nM00000002' },
  });
  fireEvent.change(screen.getByLabelText('每人积分'), { target: { value: points } });
  fireEvent.change(screen.getByLabelText('原因'), { target: { value: '双十一回馈' } });
  fireEvent.click(screen.getByText('提交任务'));
  return modal('确认批量发放积分');
}

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
    expect(callsTo(fetchMock, 'POST /api/admin/points/grants/estimate')).toHaveLength(0);
    expect(callsTo(fetchMock, 'POST /api/admin/points/grants')).toHaveLength(0);
  });

  it('shows 人数 and 积分总额 before running, and cancelling runs nothing', async () => {
    renderWithPanel(<GrantPanel />, 'ops');
    const dialog = await fillList('100');
    expect(callsTo(fetchMock, 'POST /api/admin/points/grants/estimate')[0]?.body).toEqual({
      kind: 'grant',
      segment: { memberNos: ['M00000001', 'M00000002'] },
      points: 100,
      reason: '双十一回馈',
    });
    expect(within(dialog).getByText('人数')).toBeTruthy();
    expect(within(dialog).getByText('2 人')).toBeTruthy();
    expect(within(dialog).getByText('积分总额')).toBeTruthy();
    expect(within(dialog).getByText('200 积分')).toBeTruthy();
    expect(within(dialog).queryByText('待管理员审批')).toBeNull();
    fireEvent.click(within(dialog).getByRole('button', { name: /取\s*消/ }));
    await waitFor(() => expect(screen.queryByText('确认批量发放积分')).toBeNull());
    expect(callsTo(fetchMock, 'POST /api/admin/points/grants')).toHaveLength(0);
  });

  it('submits after the confirm with an idempotency key and follows the job to the end', async () => {
    renderWithPanel(<GrantPanel />, 'ops');
    const dialog = await fillList('100');
    fireEvent.click(within(dialog).getByRole('button', { name: '确认发放' }));
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

  it("tells ops a large grant waits for an admin's approval, and lists it as 待管理员审批", async () => {
    let submitted = false;
    routes({
      'POST /api/admin/points/grants/estimate': () => fakeResponse(200, estimate(2, 60_000, true)),
      'POST /api/admin/points/grants': () => {
        submitted = true;
        return fakeResponse(202, PENDING);
      },
      'GET /api/admin/points/grants': () =>
        fakeResponse(200, { items: submitted ? [PENDING] : [], total: 1, page: 1, pageSize: 10 }),
    });
    renderWithPanel(<GrantPanel />, 'ops');
    const dialog = await fillList('60000');
    expect(within(dialog).getByText('120,000 积分')).toBeTruthy();
    expect(within(dialog).getByText('待管理员审批')).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('button', { name: '提交审批' }));
    expect(await screen.findByText('批量发放已提交，待管理员审批')).toBeTruthy();
    expect(await screen.findByText('待管理员审批')).toBeTruthy();
  });

  it('lets an admin reject a pending grant with a note; ops see the queue without buttons', async () => {
    routes({
      'GET /api/admin/points/grant-approvals': () => fakeResponse(200, { items: [PENDING] }),
      [`POST /api/admin/points/grants/${PENDING.id}/reject`]: () =>
        fakeResponse(200, { ...PENDING, status: 'rejected' }),
    });
    const ops = renderWithPanel(<GrantPanel />, 'ops');
    expect(await screen.findByText('周年庆')).toBeTruthy();
    expect(screen.getByText('150,000')).toBeTruthy();
    expect(screen.queryByText(/^批\s*准$/)).toBeNull();
    ops.unmount();

    renderWithPanel(<GrantPanel />, 'admin');
    fireEvent.click(await screen.findByText(/^驳\s*回$/));
    const dialog = await modal('驳回批量发放');
    expect(within(dialog).getByText(/ops02 申请发放/)).toBeTruthy();
    fireEvent.change(within(dialog).getByLabelText('审批备注'), {
      target: { value: '超出本月预算' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: '确认驳回' }));
    await waitFor(() =>
      expect(callsTo(fetchMock, `POST /api/admin/points/grants/${PENDING.id}/reject`)).toEqual([
        expect.objectContaining({ body: { note: '超出本月预算' } }),
      ]),
    );
    expect(callsTo(fetchMock, `POST /api/admin/points/grants/${PENDING.id}/approve`)).toHaveLength(
      0,
    );
    expect(await screen.findByText('已驳回')).toBeTruthy();
  });

  it('shows an analyst the jobs but no grant form', async () => {
    renderWithPanel(<GrantPanel />, 'analyst');
    expect(await screen.findByText('双十一回馈')).toBeTruthy();
    expect(screen.queryByText('提交任务')).toBeNull();
  });
});
