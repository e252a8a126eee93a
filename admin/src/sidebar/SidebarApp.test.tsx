import { fireEvent, render, screen, within } from '@testing-library/react';
import * as ww from '@wecom/jssdk';
import { type FetchMock, fakeResponse, installFetch, uninstallFetch } from '../../jest/fakeFetch';
import { clearSession } from './auth/sessionStore';
import { SidebarApp } from './SidebarApp';
import {
  bodyOf,
  customer,
  headerOf,
  json,
  playbookFollowUp,
  routeFetch,
  SIGNATURE,
  sessionBody,
} from './testing/fixtures';

jest.mock('@wecom/jssdk', () => ({
  register: jest.fn(),
  ensureAgentConfigReady: jest.fn(async () => undefined),
  getCurExternalContact: jest.fn(async () => ({ userId: 'wmCustomer01' })),
  sendChatMessage: jest.fn(),
}));

const SANDBOX_HEALTH = json(200, { status: 'ok', sandbox: true });
const REAL_HEALTH = json(200, { status: 'ok', sandbox: false });
let fetchMock: FetchMock;

beforeEach(() => {
  fetchMock = installFetch();
  jest.clearAllMocks();
});
afterEach(() => {
  uninstallFetch();
  clearSession();
  sessionStorage.clear();
});

function renderAt(href: string) {
  const navigate = jest.fn();
  render(<SidebarApp href={href} navigate={navigate} />);
  return navigate;
}

describe('sidebar sign-in and boot', () => {
  it('in sandbox mode without a consultant, offers a picker that opens the chosen chat', async () => {
    routeFetch(fetchMock, {
      'GET /healthz': SANDBOX_HEALTH,
      'GET /sandbox/wecom/consultants': json(200, {
        consultants: [
          { userid: 'zhangsan', name: '张三' },
          { userid: 'lisi', name: '李四' },
        ],
      }),
    });
    const navigate = renderAt('http://sb.test/sidebar/');
    expect(await screen.findByText('未获取到当前客户')).toBeTruthy();
    fireEvent.change(await screen.findByRole('combobox', { name: '导购' }), {
      target: { value: 'lisi' },
    });
    fireEvent.change(screen.getByLabelText('客户 external_userid'), { target: { value: 'wmAbc' } });
    fireEvent.click(screen.getByRole('button', { name: '打开客户侧边栏' }));
    expect(navigate).toHaveBeenCalledWith(
      'http://sb.test/sidebar/?sandboxUser=lisi&sandboxContact=wmAbc',
    );
  });

  it("in sandbox mode lists the chosen consultant's customers to pick from", async () => {
    routeFetch(fetchMock, {
      'GET /healthz': SANDBOX_HEALTH,
      'GET /sandbox/wecom/consultants': json(200, {
        consultants: [
          { userid: 'zhangsan', name: '张三' },
          { userid: 'lisi', name: '李四' },
        ],
      }),
      'GET /sandbox/wecom/consultants/zhangsan/customers': json(200, { customers: [] }),
      'GET /sandbox/wecom/consultants/lisi/customers': json(200, {
        customers: [
          { externalUserId: 'wmLisi1', name: '王女士' },
          { externalUserId: 'wmLisi2', name: '陈先生' },
        ],
      }),
    });
    const navigate = renderAt('http://sb.test/sidebar/');
    fireEvent.change(await screen.findByRole('combobox', { name: '导购' }), {
      target: { value: 'lisi' },
    });
    const list = await screen.findByRole('combobox', { name: '该导购的客户' });
    expect(screen.getByRole('option', { name: '陈先生' })).toBeTruthy();
    fireEvent.change(list, { target: { value: 'wmLisi2' } });
    fireEvent.click(screen.getByRole('button', { name: '打开客户侧边栏' }));
    expect(navigate).toHaveBeenCalledWith(
      'http://sb.test/sidebar/?sandboxUser=lisi&sandboxContact=wmLisi2',
    );
  });

  it('in sandbox mode signs in with the fake’s OAuth code and shows the chosen customer', async () => {
    let exchanged: unknown;
    const calls = routeFetch(fetchMock, {
      'GET /healthz': SANDBOX_HEALTH,
      'POST /sandbox/wecom/oauth-code': json(200, { code: 'sandbox-code-1' }),
      'POST /api/sidebar/session': (init) => {
        exchanged = bodyOf(init);
        return json(200, sessionBody('tok-sandbox'))();
      },
      'GET /api/sidebar/jssdk-signature': json(200, SIGNATURE),
      'GET /api/sidebar/customers/wmCustomer01': (init) => {
        expect(headerOf(init, 'authorization')).toBe('Bearer tok-sandbox');
        return json(200, customer())();
      },
    });
    renderAt('http://sb.test/sidebar/?sandboxUser=zhangsan&sandboxContact=wmCustomer01');
    expect(screen.getByRole('status', { name: '正在连接企业微信' })).toBeTruthy();
    expect(await screen.findByText('金卡会员')).toBeTruthy();
    expect(exchanged).toEqual({ code: 'sandbox-code-1' });
    expect(calls).toContain(
      `GET /api/sidebar/jssdk-signature?url=${encodeURIComponent('http://sb.test/sidebar/?sandboxUser=zhangsan&sandboxContact=wmCustomer01')}`,
    );
    expect(ww.register).not.toHaveBeenCalled();
  });

  it('in WeCom without a session, redirects to WeCom OAuth with the page as redirect_uri', async () => {
    routeFetch(fetchMock, { 'GET /healthz': REAL_HEALTH });
    const navigate = renderAt('http://sb.test/sidebar/?corpId=ww-corp&agentId=1000002#x');
    expect(await screen.findByText('正在跳转企业微信授权…')).toBeTruthy();
    const url = new URL(navigate.mock.calls[0]![0] as string);
    expect(url.origin + url.pathname).toBe('https://open.weixin.qq.com/connect/oauth2/authorize');
    expect(url.searchParams.get('appid')).toBe('ww-corp');
    expect(url.searchParams.get('agentid')).toBe('1000002');
    expect(url.searchParams.get('scope')).toBe('snsapi_base');
    expect(url.searchParams.get('redirect_uri')).toBe(
      'http://sb.test/sidebar/?corpId=ww-corp&agentId=1000002',
    );
    expect(url.hash).toBe('#wechat_redirect');
    expect(url.searchParams.get('state')).toBe(
      sessionStorage.getItem('circles.sidebar.oauthState'),
    );
  });

  it('says what is wrong when the sidebar URL lacks the app parameters', async () => {
    routeFetch(fetchMock, { 'GET /healthz': REAL_HEALTH });
    const navigate = renderAt('http://sb.test/sidebar/');
    expect(await screen.findByText(/缺少 corpId 或 agentId/)).toBeTruthy();
    expect(navigate).not.toHaveBeenCalled();
  });

  it('back from OAuth, exchanges the code once and registers the JS-SDK with server signatures', async () => {
    let exchanges = 0;
    routeFetch(fetchMock, {
      'GET /healthz': REAL_HEALTH,
      'POST /api/sidebar/session': () => {
        exchanges += 1;
        return json(200, sessionBody('tok-real'))();
      },
      'GET /api/sidebar/jssdk-signature': json(200, { ...SIGNATURE, sandbox: false }),
      'GET /api/sidebar/customers/wmCustomer01': json(200, customer()),
    });
    renderAt('http://sb.test/sidebar/?code=oauth-code-1&state=s1');
    expect(await screen.findByText('金卡会员')).toBeTruthy();
    expect(exchanges).toBe(1);
    const opts = (ww.register as jest.Mock).mock.calls[0]![0];
    expect(opts).toMatchObject({ corpId: 'ww-corp', agentId: '1000002' });
    expect(opts.jsApiList).toEqual(
      expect.arrayContaining(['getCurExternalContact', 'sendChatMessage']),
    );
    await expect(
      opts.getConfigSignature('http://sb.test/sidebar/?code=oauth-code-1&state=s1'),
    ).resolves.toEqual(SIGNATURE.config);
    await expect(
      opts.getAgentConfigSignature('http://sb.test/sidebar/?code=oauth-code-1&state=s1'),
    ).resolves.toEqual(SIGNATURE.agentConfig);
  });

  it('follows the consultant to another chat when the page comes back into view', async () => {
    routeFetch(fetchMock, {
      'GET /healthz': REAL_HEALTH,
      'POST /api/sidebar/session': json(200, sessionBody('tok-4')),
      'GET /api/sidebar/jssdk-signature': json(200, { ...SIGNATURE, sandbox: false }),
      'GET /api/sidebar/customers/wmCustomer01': json(200, customer()),
      'GET /api/sidebar/customers/wmOther': json(
        200,
        customer({
          externalUserId: 'wmOther',
          contact: {
            ...customer().contact,
            externalUserId: 'wmOther',
            name: '周先生',
            remark: null,
          },
        }),
      ),
    });
    renderAt('http://sb.test/sidebar/?code=oauth-code-4');
    expect(await screen.findByText('李女士-静安')).toBeTruthy();
    (ww.getCurExternalContact as jest.Mock).mockResolvedValueOnce({ userId: 'wmOther' });
    document.dispatchEvent(new Event('visibilitychange'));
    expect(await screen.findByText('周先生')).toBeTruthy();
    expect(screen.queryByText('李女士-静安')).toBeNull();
  });

  it('lists playbook tasks first with their script, and one tap on an outcome finishes one', async () => {
    const task = playbookFollowUp();
    const handMade = customer().followUps[0]!;
    let sent: unknown = 'nothing';
    routeFetch(fetchMock, {
      'GET /healthz': REAL_HEALTH,
      'POST /api/sidebar/session': json(200, sessionBody('tok-5')),
      'GET /api/sidebar/jssdk-signature': json(200, { ...SIGNATURE, sandbox: false }),
      'GET /api/sidebar/customers/wmCustomer01': json(
        200,
        customer({ followUps: [handMade, task] }),
      ),
      [`POST /api/sidebar/follow-ups/${task.id}/done`]: (init) => {
        sent = bodyOf(init);
        return fakeResponse(200, {
          ...task,
          status: 'done',
          outcome: '未回复',
          doneAt: '2026-12-01T03:00:00.000Z',
        });
      },
    });
    renderAt('http://sb.test/sidebar/?code=oauth-code-5');
    const box = await screen.findByRole('region', { name: '跟进事项（2）' });
    const rows = within(box)
      .getAllByRole('listitem')
      .filter((li) => li.classList.contains('sb-follow'));
    // Due later than the hand-made one, yet first: playbook tasks time out and move the run on.
    expect(rows.map((r) => r.querySelector('.sb-follow-title')?.textContent)).toEqual([
      `运营剧本${task.title}`,
      handMade.title,
    ]);
    const first = within(rows[0]!);
    expect(first.getByRole('list', { name: '话术' }).textContent).toContain('老友回归礼');
    expect(first.queryByRole('button', { name: '完成' })).toBeNull();
    expect(first.getAllByRole('button').map((b) => b.textContent)).toEqual(task.outcomes);
    // The hand-made follow-up keeps its plain 完成.
    expect(within(rows[1]!).getByRole('button', { name: '完成' })).toBeTruthy();

    fireEvent.click(first.getByRole('button', { name: '未回复' }));
    expect(await screen.findByText('已记录跟进结果：未回复')).toBeTruthy();
    expect(sent).toEqual({ outcome: '未回复' });
    const after = screen.getByRole('region', { name: '跟进事项（1）' });
    fireEvent.click(within(after).getByRole('button', { name: '查看已完成（1）' }));
    const done = within(after).getByText(task.title).closest('li') as HTMLElement;
    expect(within(done).getByText('已完成 · 未回复')).toBeTruthy();
    expect(within(done).queryByRole('button', { name: '未回复' })).toBeNull();
  });

  it('refuses an OAuth answer whose state this tab did not ask for', async () => {
    routeFetch(fetchMock, { 'GET /healthz': REAL_HEALTH });
    sessionStorage.setItem('circles.sidebar.oauthState', 'expected');
    renderAt('http://sb.test/sidebar/?code=oauth-code-2&state=forged');
    expect(await screen.findByText('登录请求校验失败，请关闭后重新打开侧边栏')).toBeTruthy();
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });

  it('explains a refused WeCom code and a consultant without access', async () => {
    const err = (code: string) => ({ error: { code, message: 'x' }, requestId: 'r' });
    routeFetch(fetchMock, {
      'GET /healthz': REAL_HEALTH,
      'POST /api/sidebar/session': json(400, err('WECOM_CODE_INVALID')),
    });
    renderAt('http://sb.test/sidebar/?code=used-code');
    expect(await screen.findByText('企业微信授权已失效，请关闭后重新打开侧边栏')).toBeTruthy();
  });

  it('reports a WeCom client that is not in a customer chat', async () => {
    (ww.getCurExternalContact as jest.Mock).mockRejectedValueOnce({
      errMsg: 'getCurExternalContact:fail without context of external contact',
    });
    routeFetch(fetchMock, {
      'GET /healthz': REAL_HEALTH,
      'POST /api/sidebar/session': json(200, sessionBody('tok-3')),
      'GET /api/sidebar/jssdk-signature': json(200, { ...SIGNATURE, sandbox: false }),
    });
    renderAt('http://sb.test/sidebar/?code=oauth-code-3');
    expect(await screen.findByText('请在与客户的单聊中，从聊天工具栏打开本页面')).toBeTruthy();
  });
});
