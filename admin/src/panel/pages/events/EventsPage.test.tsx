import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { callsTo, LADDER, routeFetch } from '../../../../jest/fakeApi';
import {
  errorBody,
  type FetchMock,
  fakeResponse,
  installFetch,
  uninstallFetch,
} from '../../../../jest/fakeFetch';
import { renderWithPanel } from '../../../../jest/renderWithPanel';
import EventsPage from '../EventsPage';

const EVENT = {
  id: 'a'.repeat(24),
  title: '金卡品鉴会',
  kind: 'tasting',
  kindText: '品鉴会',
  description: '',
  coverUrl: null,
  startAt: '2026-12-10T06:00:00.000Z',
  endAt: '2026-12-10T08:00:00.000Z',
  place: '上海静安店',
  liveUrl: null,
  signupDeadline: '2026-12-09T06:00:00.000Z',
  status: 'published',
  reward: { points: 50, growth: 10 },
  capacity: 20,
  tierQuotas: [{ tierCode: 'gold', seats: 10 }],
  eligibleTiers: [],
  checkinOpensMinutesBefore: 120,
  registered: 1,
  waitlisted: 0,
  attended: 0,
};
const SIGNUP = {
  memberNo: 'M00000001',
  nickname: '小王',
  tierCode: 'gold',
  state: 'registered',
  seq: 1,
  signedUpAt: '2026-12-01T06:00:00.000Z',
  checkedInAt: null,
};
const EVENTS = `/api/admin/events`;
const SIGNUPS = `${EVENTS}/${EVENT.id}/signups`;

let fetchMock: FetchMock;
beforeEach(() => {
  fetchMock = installFetch();
  routeFetch(fetchMock, {
    'GET /api/admin/tiers': () => fakeResponse(200, LADDER),
    [`GET ${EVENTS}`]: () => fakeResponse(200, { items: [EVENT] }),
    [`POST ${EVENTS}`]: ({ body }) => fakeResponse(201, { ...EVENT, ...(body as object) }),
    [`GET ${SIGNUPS}`]: () => fakeResponse(200, { items: [SIGNUP] }),
    'POST /api/events/checkins': ({ body }) =>
      (body as { token: string }).token === 'other.ticket'
        ? fakeResponse(
            409,
            errorBody(
              'CHECKIN_WRONG_EVENT',
              '该签到码属于活动「会员沙龙」，不是本场「金卡品鉴会」的签到码',
            ),
          )
        : (body as { token: string }).token === 'good.ticket'
          ? fakeResponse(200, {
              memberNo: 'M00000001',
              nickname: '小王',
              eventId: EVENT.id,
              eventTitle: EVENT.title,
              checkedInAt: '2026-12-10T06:05:00.000Z',
            })
          : fakeResponse(404, errorBody('CHECKIN_TICKET_INVALID', '签到码无效')),
  });
});
afterEach(uninstallFetch);

function modal(): Promise<HTMLElement> {
  return waitFor(() => {
    const el = document.querySelector<HTMLElement>('.ant-modal-container');
    if (!el) throw new Error('对话框未打开');
    return el;
  });
}

/** Types a date-time into an antd picker the way a user would, and commits it. */
function pickTime(dialog: ReturnType<typeof within>, label: string, value: string) {
  const input = dialog.getByLabelText(label);
  fireEvent.mouseDown(input);
  fireEvent.focus(input);
  fireEvent.change(input, { target: { value } });
  fireEvent.keyDown(input, { key: 'Enter', code: 'Enter', keyCode: 13 });
  fireEvent.blur(input);
}

async function openCreate() {
  renderWithPanel(<EventsPage />, 'ops');
  expect(await screen.findByText('金卡品鉴会')).toBeTruthy();
  fireEvent.click(screen.getByText('创建活动'));
  return within(await modal());
}

// Date pickers and selects in jsdom are slow on the shared machine; these wait for the UI.
const SLOW = 90_000;

describe('events page', () => {
  it(
    'refuses an empty event with Chinese messages',
    async () => {
      const dialog = await openCreate();
      fireEvent.change(dialog.getByLabelText('总名额'), { target: { value: '' } });
      fireEvent.click(screen.getByText('保存活动'));
      expect(await dialog.findByText('请输入活动名称')).toBeTruthy();
      expect(dialog.getByText('请选择开始时间')).toBeTruthy();
      expect(dialog.getByText('请选择报名截止时间')).toBeTruthy();
      expect(dialog.getByText('线下活动请填写地点')).toBeTruthy();
      expect(dialog.getByText('请输入名额')).toBeTruthy();
      expect(callsTo(fetchMock, `POST ${EVENTS}`)).toHaveLength(0);
    },
    SLOW,
  );

  it(
    'checks times against each other and tier seats against the capacity',
    async () => {
      const dialog = await openCreate();
      fireEvent.change(dialog.getByLabelText('活动名称'), { target: { value: '沙龙' } });
      fireEvent.change(dialog.getByLabelText('地点'), { target: { value: '北京国贸店' } });
      pickTime(dialog, '开始时间', '2026-12-20 14:00');
      pickTime(dialog, '结束时间', '2026-12-20 13:00');
      pickTime(dialog, '报名截止', '2026-12-21 10:00');
      fireEvent.click(dialog.getByText('添加等级名额'));
      fireEvent.change(await dialog.findByLabelText('第 1 条席位数'), { target: { value: '31' } });
      fireEvent.click(screen.getByText('保存活动'));
      expect(await dialog.findByText('结束时间须晚于开始时间')).toBeTruthy();
      expect(dialog.getByText('报名截止时间不能晚于开始时间')).toBeTruthy();
      expect(dialog.getByText('第 1 条席位数不能超过总名额 30')).toBeTruthy();
      expect(dialog.getByText('请选择等级')).toBeTruthy();
      expect(callsTo(fetchMock, `POST ${EVENTS}`)).toHaveLength(0);
    },
    SLOW,
  );

  it(
    'creates an event with a 金卡 seat quota',
    async () => {
      const dialog = await openCreate();
      fireEvent.change(dialog.getByLabelText('活动名称'), { target: { value: '金卡沙龙' } });
      fireEvent.change(dialog.getByLabelText('地点'), { target: { value: '北京国贸店' } });
      pickTime(dialog, '开始时间', '2026-12-20 14:00');
      pickTime(dialog, '结束时间', '2026-12-20 16:00');
      pickTime(dialog, '报名截止', '2026-12-19 18:00');
      fireEvent.click(dialog.getByText('添加等级名额'));
      fireEvent.mouseDown(await dialog.findByLabelText('第 1 条名额等级'));
      fireEvent.click(await screen.findByTitle('金卡'));
      fireEvent.change(dialog.getByLabelText('第 1 条席位数'), { target: { value: '12' } });
      fireEvent.click(screen.getByText('保存活动'));
      await waitFor(() => expect(callsTo(fetchMock, `POST ${EVENTS}`)).toHaveLength(1));
      const body = callsTo(fetchMock, `POST ${EVENTS}`)[0]?.body as Record<string, unknown>;
      expect(body).toMatchObject({
        title: '金卡沙龙',
        kind: 'salon',
        place: '北京国贸店',
        capacity: 30,
        tierQuotas: [{ tierCode: 'gold', seats: 12 }],
        eligibleTiers: [],
        reward: { points: 0, growth: 0 },
        checkinOpensMinutesBefore: 120,
      });
      expect(new Date(body.startAt as string) < new Date(body.endAt as string)).toBe(true);
      expect(new Date(body.signupDeadline as string) <= new Date(body.startAt as string)).toBe(
        true,
      );
    },
    SLOW,
  );

  it('lists sign-ups and checks a member in by ticket', async () => {
    renderWithPanel(<EventsPage />, 'ops');
    fireEvent.click(await screen.findByText('报名名单'));
    expect(await screen.findByText('小王')).toBeTruthy();
    const input = screen.getByPlaceholderText('扫码枪扫描会员二维码');
    fireEvent.change(input, { target: { value: 'bad.ticket' } });
    fireEvent.click(screen.getByText(/^签\s?到$/, { selector: 'button span' }));
    expect(await screen.findByText('签到码无效')).toBeTruthy();
    fireEvent.change(input, { target: { value: 'other.ticket' } });
    fireEvent.click(screen.getByText(/^签\s?到$/, { selector: 'button span' }));
    expect(await screen.findByText(/属于活动「会员沙龙」/)).toBeTruthy();
    fireEvent.change(input, { target: { value: 'good.ticket' } });
    fireEvent.click(screen.getByText(/^签\s?到$/, { selector: 'button span' }));
    expect(await screen.findByText('小王（M00000001）签到成功')).toBeTruthy();
    // Every scan names the event of this drawer, so the server can refuse foreign tickets.
    expect(callsTo(fetchMock, 'POST /api/events/checkins').map((c) => c.body)).toEqual([
      { eventId: EVENT.id, token: 'bad.ticket' },
      { eventId: EVENT.id, token: 'other.ticket' },
      { eventId: EVENT.id, token: 'good.ticket' },
    ]);
    // The window (2 hours before the start to the end) is shown beside the scanner.
    expect(screen.getByTestId('checkin-window').textContent).toMatch(/ 至 /);
  });

  it('shows an analyst the list without create, edit or check-in', async () => {
    renderWithPanel(<EventsPage />, 'analyst');
    fireEvent.click(await screen.findByText('报名名单'));
    expect(await screen.findByText('小王')).toBeTruthy();
    expect(screen.queryByText('创建活动')).toBeNull();
    expect(screen.queryByText(/^编\s?辑$/)).toBeNull();
    expect(screen.queryByPlaceholderText('扫码枪扫描会员二维码')).toBeNull();
  });
});
