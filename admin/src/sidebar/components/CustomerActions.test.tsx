import { fireEvent, render, screen, within } from '@testing-library/react';
import {
  type FetchMock,
  fakeResponse,
  installFetch,
  uninstallFetch,
} from '../../../jest/fakeFetch';
import { clearSession, saveSession } from '../auth/sessionStore';
import { bodyOf, CONSULTANT, customer, json, routeFetch, sessionBody } from '../testing/fixtures';
import { type WeComBridge, WeComError } from '../wecom/bridge';
import { CustomerPage } from './CustomerPage';

const ID = 'wmCustomer01';
const CUSTOMER = `GET /api/sidebar/customers/${ID}`;
const CARD = {
  appid: 'wxapp',
  title: '生日礼',
  imgUrl: 'https://x/y.png',
  page: 'pages/perk/index.html?code=birthday-gift',
};
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

function renderPage() {
  render(
    <CustomerPage
      externalUserId={ID}
      consultant={CONSULTANT}
      bridge={bridge}
      onSignInAgain={jest.fn()}
    />,
  );
}

describe('customer actions', () => {
  it('adds a follow-up with a due date and marks one done', async () => {
    let added: unknown;
    let doneBody: unknown = 'not called';
    const open = customer().followUps[0]!;
    routeFetch(fetchMock, {
      [CUSTOMER]: json(200, customer()),
      [`POST /api/sidebar/customers/${ID}/follow-ups`]: (init) => {
        added = bodyOf(init);
        return fakeResponse(201, {
          ...open,
          id: 'a'.repeat(24),
          title: '寄送秋冬画册',
          dueAt: null,
          playbook: [],
        });
      },
      [`POST /api/sidebar/follow-ups/${open.id}/done`]: (init) => {
        doneBody = bodyOf(init);
        return fakeResponse(200, { ...open, status: 'done', doneAt: new Date().toISOString() });
      },
    });
    renderPage();
    const box = await screen.findByRole('region', { name: '跟进事项（1）' });
    expect(within(box).getByText('邀约周末到店')).toBeTruthy();

    fireEvent.change(within(box).getByLabelText('跟进事项'), { target: { value: '寄送秋冬画册' } });
    fireEvent.change(within(box).getByLabelText('截止日期'), { target: { value: '2026-12-05' } });
    fireEvent.click(within(box).getByRole('button', { name: '添加' }));
    await screen.findByRole('region', { name: '跟进事项（2）' });
    const sent = added as { title: string; dueAt: string };
    expect(sent.title).toBe('寄送秋冬画册');
    // The end of the picked day in the consultant's time zone.
    const due = new Date(sent.dueAt);
    expect([due.getFullYear(), due.getMonth() + 1, due.getDate(), due.getHours()]).toEqual([
      2026, 12, 5, 23,
    ]);

    const row = screen.getByText('90 天未到店，邀约试穿新品').closest('li')!;
    fireEvent.click(within(row as HTMLElement).getByRole('button', { name: '完成' }));
    const after = await screen.findByRole('region', { name: '跟进事项（1）' });
    // A hand-made follow-up has no outcomes to pick, so 完成 sends none.
    expect(doneBody).toBeUndefined();
    expect(within(after).queryByText('90 天未到店，邀约试穿新品')).toBeNull();
    fireEvent.click(within(after).getByRole('button', { name: '查看已完成（1）' }));
    expect(within(after).getByText('90 天未到店，邀约试穿新品')).toBeTruthy();
  });

  it('sends a perk card into the chat through the WeCom bridge', async () => {
    const calls = routeFetch(fetchMock, {
      [CUSTOMER]: json(200, customer()),
      'GET /api/sidebar/perk-card': json(200, CARD),
    });
    bridge.sendMiniprogram.mockResolvedValue(undefined);
    renderPage();
    const perks = await screen.findByRole('region', { name: '会员权益' });
    // Used perks can't be sent again.
    expect(within(perks).getAllByRole('button', { name: '发送权益卡片' })).toHaveLength(1);
    fireEvent.click(within(perks).getByRole('button', { name: '发送权益卡片' }));
    expect(await screen.findByText('已发送「生日礼」卡片')).toBeTruthy();
    expect(calls).toContain('GET /api/sidebar/perk-card?perkCode=birthday-gift');
    expect(bridge.sendMiniprogram).toHaveBeenCalledWith(CARD);
  });

  it('reports a card WeCom refused in the consultant’s words', async () => {
    routeFetch(fetchMock, {
      [CUSTOMER]: json(200, customer()),
      'GET /api/sidebar/perk-card': json(200, CARD),
    });
    bridge.sendMiniprogram.mockRejectedValue(
      new WeComError('请在与客户的单聊中，从聊天工具栏打开本页面'),
    );
    renderPage();
    fireEvent.click(await screen.findByRole('button', { name: '发送权益卡片' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      '请在与客户的单聊中，从聊天工具栏打开本页面',
    );
  });

  it('marks a claimed perk used after a confirmation', async () => {
    let sent: unknown;
    routeFetch(fetchMock, {
      [CUSTOMER]: json(200, customer()),
      'POST /api/sidebar/perks/redeem': (init) => {
        sent = bodyOf(init);
        return fakeResponse(200, {
          perkCode: 'birthday-gift',
          perkName: '生日礼',
          memberNo: 'M00012345',
          usedAt: new Date().toISOString(),
        });
      },
    });
    renderPage();
    const perks = await screen.findByRole('region', { name: '会员权益' });
    fireEvent.click(within(perks).getByRole('button', { name: '核销' }));
    expect(sent).toBeUndefined();
    fireEvent.click(within(perks).getByRole('button', { name: '确认核销' }));
    expect(await screen.findByText('已核销「生日礼」')).toBeTruthy();
    expect(sent).toEqual({ redemptionCode: 'RC8842' });
    expect(within(perks).getAllByText('已使用')).toHaveLength(2);
    expect(within(perks).queryByRole('button', { name: '发送权益卡片' })).toBeNull();
  });

  it('shows an unlinked customer with an invitation to the member center', async () => {
    const invite = {
      appid: 'wxapp',
      page: 'pages/index/index.html',
      title: '加入圈层会员',
      imgUrl: 'https://x/i.png',
    };
    routeFetch(fetchMock, {
      [CUSTOMER]: json(
        200,
        customer({ linked: false, member: null, perks: undefined, recentOrders: [], invite }),
      ),
    });
    bridge.sendMiniprogram.mockResolvedValue(undefined);
    renderPage();
    const card = await screen.findByRole('region', { name: '未入会' });
    expect(screen.queryByRole('region', { name: '会员卡' })).toBeNull();
    expect(screen.queryByRole('region', { name: '最近订单' })).toBeNull();
    fireEvent.click(within(card).getByRole('button', { name: '邀请加入会员中心' }));
    expect(await screen.findByText('已发送入会邀请')).toBeTruthy();
    expect(bridge.sendMiniprogram).toHaveBeenCalledWith(invite);
  });
});
