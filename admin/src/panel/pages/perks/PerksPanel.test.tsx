import { INTEREST_TOPICS } from '@circles/shared/src/domain/circles/fields';
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
import PerksPanel from './PerksPanel';

// The registry's topics, whatever the brand's list is today.
const [TOPIC = ''] = INTEREST_TOPICS;

const COUPON = {
  code: 'gold_coupon',
  name: '金卡月度券',
  description: '',
  kind: 'coupon',
  imageUrl: null,
  tierCodes: ['gold', 'black'],
  quota: { period: 'month', limit: 2 },
  validityDays: 30,
  status: 'active',
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt: '2026-11-01T00:00:00.000Z',
};

let fetchMock: FetchMock;
beforeEach(() => {
  fetchMock = installFetch();
  routeFetch(fetchMock, {
    'GET /api/admin/tiers': () => fakeResponse(200, LADDER),
    'GET /api/admin/perks': () => fakeResponse(200, { items: [COUPON] }),
    'GET /api/admin/circles': () => fakeResponse(200, { items: [] }),
    'POST /api/admin/perks': ({ body }) =>
      fakeResponse(201, { ...COUPON, ...(body as object), status: 'active' }),
    'PATCH /api/admin/perks/gold_coupon': ({ body }) =>
      fakeResponse(200, { ...COUPON, ...(body as object) }),
  });
});
afterEach(uninstallFetch);

async function openCreate() {
  renderWithPanel(<PerksPanel />, 'ops');
  expect(await screen.findByText('金卡月度券')).toBeTruthy();
  fireEvent.click(screen.getByText('新建权益'));
  return within(await modal());
}

/** The open dialog (role queries are slow on antd's large DOM). */
function modal(): Promise<HTMLElement> {
  return waitFor(() => {
    const el = document.querySelector<HTMLElement>('.ant-modal-container');
    if (!el) throw new Error('对话框未打开');
    return el;
  });
}

function type(dialog: ReturnType<typeof within>, label: string, value: string) {
  fireEvent.change(dialog.getByLabelText(label), { target: { value } });
}

// Selects and modals in jsdom are slow on the shared machine; these wait for the UI.
const SLOW = 90_000;

describe('perk catalogue', () => {
  it('lists perks with their tiers by name and quota in Chinese', async () => {
    renderWithPanel(<PerksPanel />, 'ops');
    const row = (await screen.findByText('金卡月度券')).closest('tr') as HTMLElement;
    expect(within(row).getByText('优惠券')).toBeTruthy();
    expect(await within(row).findByText('金卡')).toBeTruthy();
    expect(within(row).getByText('黑卡')).toBeTruthy();
    expect(within(row).getByText('每月 2 次')).toBeTruthy();
  });

  it(
    'refuses an empty perk with Chinese messages and sends nothing',
    async () => {
      const dialog = await openCreate();
      fireEvent.click(screen.getByText('保存权益'));
      expect(await dialog.findByText('请输入权益代码')).toBeTruthy();
      expect(dialog.getByText('请输入权益名称')).toBeTruthy();
      expect(dialog.getByText('请至少选择一个适用等级')).toBeTruthy();
      expect(callsTo(fetchMock, 'POST /api/admin/perks')).toHaveLength(0);
    },
    SLOW,
  );

  it(
    'explains a malformed code, an out-of-range quota and a bad image address',
    async () => {
      const dialog = await openCreate();
      type(dialog, '权益代码', 'Gold Coupon');
      fireEvent.change(dialog.getByLabelText('每周期次数'), { target: { value: '0' } });
      fireEvent.change(dialog.getByLabelText('有效天数'), { target: { value: '4000' } });
      type(dialog, '图片地址', 'not-a-url');
      fireEvent.click(screen.getByText('保存权益'));
      expect(
        await dialog.findByText('权益代码须以小写字母开头，2–32 位小写字母、数字或下划线'),
      ).toBeTruthy();
      expect(dialog.getByText('次数须为 1–100 的整数')).toBeTruthy();
      expect(dialog.getByText('有效天数须为 1–3650 的整数')).toBeTruthy();
      expect(dialog.getByText('图片地址须为 http(s) 开头的完整网址')).toBeTruthy();
      expect(callsTo(fetchMock, 'POST /api/admin/perks')).toHaveLength(0);
    },
    SLOW,
  );

  it(
    'creates a perk for 金卡 with the contract body',
    async () => {
      const dialog = await openCreate();
      type(dialog, '权益代码', 'gold_tea');
      type(dialog, '权益名称', '金卡下午茶');
      fireEvent.mouseDown(dialog.getByLabelText('适用等级'));
      fireEvent.click(await screen.findByTitle('金卡'));
      fireEvent.click(screen.getByText('保存权益'));
      await waitFor(() => expect(callsTo(fetchMock, 'POST /api/admin/perks')).toHaveLength(1));
      expect(callsTo(fetchMock, 'POST /api/admin/perks')[0]?.body).toEqual({
        code: 'gold_tea',
        name: '金卡下午茶',
        description: '',
        kind: 'coupon',
        imageUrl: null,
        tierCodes: ['gold'],
        quota: { period: 'month', limit: 1 },
        validityDays: 30,
        circleIds: [],
        showLocked: false,
        topic: null,
        coupon: null,
      });
      expect(await screen.findByText('已保存「金卡下午茶」')).toBeTruthy();
    },
    SLOW,
  );

  it(
    'targets a perk at a circle, shown locked to other members, with a content topic',
    async () => {
      routeFetch(fetchMock, {
        'GET /api/admin/tiers': () => fakeResponse(200, LADDER),
        'GET /api/admin/perks': () => fakeResponse(200, { items: [COUPON] }),
        'GET /api/admin/circles': () =>
          fakeResponse(200, {
            items: [
              { id: 'ingredient-fans', name: '成分党高潜', color: '#13A8A8', status: 'active' },
            ],
          }),
        'POST /api/admin/perks': ({ body }) =>
          fakeResponse(201, { ...COUPON, ...(body as object), status: 'active' }),
      });
      const dialog = await openCreate();
      type(dialog, '权益代码', 'fans_sample');
      type(dialog, '权益名称', '成分党小样');
      fireEvent.mouseDown(dialog.getByLabelText('适用等级'));
      fireEvent.click(await screen.findByTitle('金卡'));
      fireEvent.mouseDown(dialog.getByLabelText('圈层'));
      fireEvent.click(await screen.findByTitle('成分党高潜'));
      const locked = dialog.getByLabelText('对圈外会员显示为锁定');
      await waitFor(() => expect(locked.hasAttribute('disabled')).toBe(false));
      fireEvent.click(locked);
      fireEvent.mouseDown(dialog.getByLabelText('内容主题'));
      fireEvent.click(await screen.findByTitle(TOPIC));
      fireEvent.click(screen.getByText('保存权益'));
      await waitFor(() => expect(callsTo(fetchMock, 'POST /api/admin/perks')).toHaveLength(1));
      expect(callsTo(fetchMock, 'POST /api/admin/perks')[0]?.body).toMatchObject({
        circleIds: ['ingredient-fans'],
        showLocked: true,
        topic: TOPIC,
      });
    },
    SLOW,
  );

  it(
    "puts the server's field objection next to the field",
    async () => {
      routeFetch(fetchMock, {
        'GET /api/admin/tiers': () => fakeResponse(200, LADDER),
        'GET /api/admin/perks': () => fakeResponse(200, { items: [COUPON] }),
        'POST /api/admin/perks': () =>
          fakeResponse(
            409,
            errorBody('VALIDATION_FAILED', '参数不合法', {
              fields: [{ path: 'body.code', message: '权益代码已存在' }],
            }),
          ),
      });
      const dialog = await openCreate();
      type(dialog, '权益代码', 'gold_coupon');
      type(dialog, '权益名称', '重复');
      fireEvent.mouseDown(dialog.getByLabelText('适用等级'));
      fireEvent.click(await screen.findByTitle('金卡'));
      fireEvent.click(screen.getByText('保存权益'));
      expect(await dialog.findByText('权益代码已存在')).toBeTruthy();
    },
    SLOW,
  );

  it(
    'sends only the changed fields when a perk is edited',
    async () => {
      renderWithPanel(<PerksPanel />, 'ops');
      fireEvent.click(await screen.findByText(/^编\s?辑$/));
      const dialog = within(await modal());
      await waitFor(() =>
        expect((dialog.getByLabelText('权益名称') as HTMLInputElement).value).toBe('金卡月度券'),
      );
      type(dialog, '权益名称', '金卡月度 50 元券');
      fireEvent.click(screen.getByText('保存权益'));
      await waitFor(() =>
        expect(callsTo(fetchMock, 'PATCH /api/admin/perks/gold_coupon')).toHaveLength(1),
      );
      expect(callsTo(fetchMock, 'PATCH /api/admin/perks/gold_coupon')[0]?.body).toEqual({
        name: '金卡月度 50 元券',
      });
    },
    SLOW,
  );

  it(
    'sends a 满减 coupon typed in yuan as fen, with its threshold and categories',
    async () => {
      const dialog = await openCreate();
      type(dialog, '权益代码', 'gold_cash');
      type(dialog, '权益名称', '金卡满减券');
      fireEvent.mouseDown(dialog.getByLabelText('适用等级'));
      fireEvent.click(await screen.findByTitle('金卡'));
      fireEvent.click(dialog.getByLabelText('满减券'));
      await dialog.findByLabelText('减免金额');
      type(dialog, '减免金额', '30.5');
      type(dialog, '使用门槛', '200');
      expect(await dialog.findByText('券面：满¥200.00减¥30.50')).toBeTruthy();
      fireEvent.click(screen.getByText('保存权益'));
      await waitFor(() => expect(callsTo(fetchMock, 'POST /api/admin/perks')).toHaveLength(1));
      expect(callsTo(fetchMock, 'POST /api/admin/perks')[0]?.body).toMatchObject({
        kind: 'coupon',
        coupon: {
          type: 'cash',
          value: 3_050,
          thresholdFen: 20_000,
          maxOffFen: null,
          categories: [],
        },
      });
    },
    SLOW,
  );

  it(
    'sends an 8.8折 coupon with its cap, and refuses a third decimal in yuan',
    async () => {
      const dialog = await openCreate();
      type(dialog, '权益代码', 'gold_fold');
      type(dialog, '权益名称', '金卡折扣券');
      fireEvent.mouseDown(dialog.getByLabelText('适用等级'));
      fireEvent.click(await screen.findByTitle('金卡'));
      fireEvent.click(dialog.getByLabelText('折扣券'));
      await dialog.findByLabelText('折扣');
      type(dialog, '折扣', '8.8');
      type(dialog, '最高优惠', '50.123');
      fireEvent.click(screen.getByText('保存权益'));
      expect(await dialog.findByText('请输入最高优惠，最多两位小数')).toBeTruthy();
      expect(callsTo(fetchMock, 'POST /api/admin/perks')).toHaveLength(0);
      type(dialog, '最高优惠', '50');
      fireEvent.click(screen.getByText('保存权益'));
      await waitFor(() => expect(callsTo(fetchMock, 'POST /api/admin/perks')).toHaveLength(1));
      expect(callsTo(fetchMock, 'POST /api/admin/perks')[0]?.body).toMatchObject({
        coupon: { type: 'discount', value: 88, thresholdFen: 0, maxOffFen: 5_000 },
      });
    },
    SLOW,
  );

  it('gives an analyst no way to change perks', async () => {
    renderWithPanel(<PerksPanel />, 'analyst');
    expect(await screen.findByText('金卡月度券')).toBeTruthy();
    expect(screen.getByText('只读账号：可查看权益，不能修改')).toBeTruthy();
    expect(screen.queryByText('新建权益')).toBeNull();
    expect(screen.queryByText(/^编\s?辑$/)).toBeNull();
    expect(screen.queryByText(/^下\s?架$/)).toBeNull();
  });
});
