import { fireEvent, render, screen, within } from '@testing-library/react';
import {
  type FetchMock,
  fakeResponse,
  installFetch,
  uninstallFetch,
} from '../../../jest/fakeFetch';
import { clearSession, saveSession } from '../auth/sessionStore';
import {
  bodyOf,
  CONSULTANT,
  customer,
  headerOf,
  json,
  routeFetch,
  sessionBody,
  tagGroups,
} from '../testing/fixtures';
import type { WeComBridge } from '../wecom/bridge';
import { CustomerPage } from './CustomerPage';

const ID = 'wmCustomer01';
const CUSTOMER = `GET /api/sidebar/customers/${ID}`;
let fetchMock: FetchMock;
let bridge: WeComBridge & { sendMiniprogram: jest.Mock };

beforeEach(() => {
  fetchMock = installFetch();
  saveSession({ ...sessionBody('tok-1'), code: 'c1' });
  bridge = { kind: 'sandbox', currentContact: jest.fn(), sendMiniprogram: jest.fn() };
});
afterEach(() => {
  uninstallFetch();
  clearSession();
});

function renderPage(onSignInAgain = jest.fn()) {
  render(
    <CustomerPage
      externalUserId={ID}
      consultant={CONSULTANT}
      bridge={bridge}
      onSignInAgain={onSignInAgain}
    />,
  );
  return onSignInAgain;
}

const section = (name: string) => screen.getByRole('region', { name });

describe('customer page', () => {
  it('shows skeletons, then the member card with tier, balances, value and risk', async () => {
    let answer!: (r: Response) => void;
    routeFetch(fetchMock, { [CUSTOMER]: () => new Promise<Response>((r) => (answer = r)) });
    renderPage();
    expect(screen.getByRole('status', { name: '正在加载客户信息' })).toBeTruthy();

    const events = [
      { eventId: 'e1', title: '秋冬新品品鉴会', startsAt: '2026-12-06T06:00:00.000Z' },
    ];
    answer(fakeResponse(200, customer({ upcomingEvents: events })));
    const card = await screen.findByRole('region', { name: '会员卡' });
    expect(within(card).getByText('金卡会员')).toBeTruthy();
    expect(within(card).getByText('会员号 M00012345')).toBeTruthy();
    expect(within(card).getByText('再得 1,800 升级铂金卡')).toBeTruthy();
    expect(within(card).getByRole('progressbar').getAttribute('aria-valuenow')).toBe('64');
    expect(within(card).getByText('¥12,888.00')).toBeTruthy();
    expect(within(card).getByText('5,230')).toBeTruthy();
    expect(within(card).getByText('¥500.00')).toBeTruthy();
    expect(within(card).getByText('高价值流失风险')).toBeTruthy();
    expect(within(card).getByText('活跃概率 42%')).toBeTruthy();
    expect(within(card).getByText('90 天未消费')).toBeTruthy();
    expect(screen.getByText('李女士-静安')).toBeTruthy();
    expect(within(section('最近订单')).getByText('¥1,288.00')).toBeTruthy();
    expect(within(section('备注')).getByText('喜欢浅色羊绒')).toBeTruthy();
    expect(screen.getByText('导购 张三 · 静安嘉里店')).toBeTruthy();
    expect(within(section('即将参加的活动')).getByText('秋冬新品品鉴会')).toBeTruthy();
  });

  it('sends the consultant token with the customer request', async () => {
    routeFetch(fetchMock, { [CUSTOMER]: json(200, customer()) });
    renderPage();
    await screen.findByRole('region', { name: '会员卡' });
    expect(headerOf(fetchMock.mock.calls[0]![1], 'authorization')).toBe('Bearer tok-1');
  });

  it('says so when the consultant does not follow the customer (403), and retries', async () => {
    let first = true;
    routeFetch(fetchMock, {
      [CUSTOMER]: () => {
        const r = first
          ? fakeResponse(403, { error: { code: 'NOT_FOLLOWER', message: 'x' }, requestId: 'r' })
          : fakeResponse(200, customer());
        first = false;
        return r;
      },
    });
    renderPage();
    expect(await screen.findByText('你不是该客户的跟进导购，无法查看')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '重试' }));
    expect(await screen.findByRole('region', { name: '会员卡' })).toBeTruthy();
  });

  it('offers to sign in again when the session is over (401)', async () => {
    const body = { error: { code: 'TOKEN_EXPIRED', message: 'expired' }, requestId: 'r' };
    routeFetch(fetchMock, { [CUSTOMER]: json(401, body) });
    const again = renderPage();
    expect(await screen.findByText('登录已过期，请重新打开侧边栏')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '重新登录' }));
    expect(again).toHaveBeenCalledTimes(1);
  });

  it('edits tags: sends only the difference and shows what the server kept', async () => {
    let sent: unknown;
    routeFetch(fetchMock, {
      [CUSTOMER]: json(200, customer()),
      [`PUT /api/sidebar/customers/${ID}/tags`]: (init) => {
        sent = bodyOf(init);
        return fakeResponse(200, { tagGroups: tagGroups(true) });
      },
    });
    renderPage();
    const tags = await screen.findByRole('region', { name: '客户标签' });
    expect(within(tags).queryByText('复古')).toBeNull();
    fireEvent.click(within(tags).getByRole('button', { name: '编辑标签' }));
    // System groups are not offered as toggles.
    expect(within(tags).queryByRole('button', { name: '银卡' })).toBeNull();
    fireEvent.click(within(tags).getByRole('button', { name: '复古' }));
    fireEvent.click(within(tags).getByRole('button', { name: '保存' }));

    expect(await screen.findByText('标签已更新，并同步到企业微信')).toBeTruthy();
    expect(sent).toEqual({ add: ['t-vintage'], remove: [] });
    expect(within(tags).getByText('复古')).toBeTruthy();
    expect(within(tags).queryByRole('button', { name: '保存' })).toBeNull();
  });

  it('keeps the tag editor open when WeCom refuses the change', async () => {
    const refusal = { error: { code: 'UPSTREAM_FAILED', message: 'mark_tag' }, requestId: 'r' };
    routeFetch(fetchMock, {
      [CUSTOMER]: json(200, customer()),
      [`PUT /api/sidebar/customers/${ID}/tags`]: json(502, refusal),
    });
    renderPage();
    const tags = await screen.findByRole('region', { name: '客户标签' });
    fireEvent.click(within(tags).getByRole('button', { name: '编辑标签' }));
    fireEvent.click(within(tags).getByRole('button', { name: '简约' }));
    fireEvent.click(within(tags).getByRole('button', { name: '保存' }));
    expect((await screen.findByRole('alert')).textContent).toBe('企业微信暂时无法响应，请稍后重试');
    expect(within(tags).getByRole('button', { name: '保存' })).toBeTruthy();
  });

  it('adds a note and shows it first', async () => {
    let sent: unknown;
    routeFetch(fetchMock, {
      [CUSTOMER]: json(200, customer()),
      [`POST /api/sidebar/customers/${ID}/notes`]: (init) => {
        sent = bodyOf(init);
        const note = {
          id: 'n2',
          text: '下周三生日',
          consultantUserId: 'zhangsan',
          consultantName: '张三',
          createdAt: new Date().toISOString(),
        };
        return fakeResponse(201, note);
      },
    });
    renderPage();
    const notes = await screen.findByRole('region', { name: '备注' });
    const add = within(notes).getByRole('button', { name: '添加备注' }) as HTMLButtonElement;
    expect(add.disabled).toBe(true);
    fireEvent.change(within(notes).getByLabelText('新备注'), {
      target: { value: '  下周三生日 ' },
    });
    fireEvent.click(add);
    expect(await within(notes).findByText('下周三生日', { selector: 'p' })).toBeTruthy();
    expect(sent).toEqual({ text: '下周三生日' });
    const items = within(notes).getAllByRole('listitem');
    expect(items[0]!.textContent).toContain('下周三生日');
    expect((within(notes).getByLabelText('新备注') as HTMLTextAreaElement).value).toBe('');
  });
});
