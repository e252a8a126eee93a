import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { callsTo, routeFetch } from '../../../../jest/fakeApi';
import {
  errorBody,
  type FetchMock,
  fakeResponse,
  installFetch,
  uninstallFetch,
} from '../../../../jest/fakeFetch';
import { ACTIVE, CIRCLES, DRAFT, LIST, renderPlaybooks, SETTINGS } from './testFixtures';

let fetchMock: FetchMock;
let items = LIST.items;
beforeEach(() => {
  items = LIST.items;
  fetchMock = installFetch();
  routeFetch(fetchMock, {
    'GET /api/admin/playbooks': () => fakeResponse(200, { ...LIST, items }),
    'GET /api/admin/circles': () => fakeResponse(200, CIRCLES),
    'GET /api/admin/playbook-settings': () => fakeResponse(200, SETTINGS),
    'POST /api/admin/playbooks': ({ body }) => {
      const { id, templateId } = body as { id: string; templateId: string };
      if (id === 'wakeup-three') {
        return fakeResponse(
          409,
          errorBody('PLAYBOOK_ID_TAKEN', '运营剧本编号 wakeup-three 已存在', { field: 'id' }),
        );
      }
      const copy = {
        ...ACTIVE,
        id,
        templateId,
        status: 'draft' as const,
        version: 1,
        activatedAt: null,
      };
      items = [...items, copy];
      return fakeResponse(201, copy);
    },
    'POST /api/admin/playbooks/rising-onboarding/activate': () =>
      fakeResponse(200, { ...DRAFT, status: 'active', activatedAt: '2026-11-07T02:00:00.000Z' }),
    'POST /api/admin/playbooks/wakeup-three/pause': () =>
      fakeResponse(200, { ...ACTIVE, status: 'paused' }),
    'POST /api/admin/playbooks/wakeup-three/stop': () =>
      fakeResponse(200, { ...ACTIVE, status: 'stopped' }),
    'PUT /api/admin/playbook-settings': ({ body }) => fakeResponse(200, body),
  });
});
afterEach(uninstallFetch);

const rowOf = async (name: string) =>
  (await screen.findByRole('link', { name })).closest('tr') as HTMLElement;

function modal(): Promise<HTMLElement> {
  return waitFor(() => {
    const el = document.querySelector<HTMLElement>('.ant-modal-container');
    if (!el) throw new Error('对话框未打开');
    return el;
  });
}

describe('playbook list', () => {
  it('lists playbooks with trigger circle, status, version and priority, running ones first', async () => {
    renderPlaybooks('/playbooks');
    const active = await rowOf('唤醒三板斧');
    expect(within(active).getByText('运行中')).toBeTruthy();
    expect(within(active).getByText('第 2 版')).toBeTruthy();
    expect(await within(active).findByText('沉睡高净值')).toBeTruthy();
    expect(within(active).getByText('进入圈层时（含已在圈层的成员）')).toBeTruthy();
    const draft = await rowOf('新晋高潜成长引导');
    expect(within(draft).getByText('草稿')).toBeTruthy();
    expect(within(draft).getByText('4')).toBeTruthy();
    const names = [...document.querySelectorAll('tbody tr.ant-table-row')].map(
      (tr) => tr.textContent ?? '',
    );
    expect(names[0]).toContain('唤醒三板斧');
  });

  it('copies a template into a draft under a new id, and puts a taken id on the field', async () => {
    renderPlaybooks('/playbooks');
    const card = await screen.findByLabelText('模板 唤醒三板斧');
    expect(within(card).getByText(/高净值会员 30 天未消费/)).toBeTruthy();
    expect(within(card).getByText(/10 个步骤/)).toBeTruthy();
    fireEvent.click(within(card).getByRole('button', { name: /复制为草稿/ }));
    const dialog = within(await modal());
    const input = dialog.getByLabelText('新剧本编号') as HTMLInputElement;
    await waitFor(() => expect(input.value).toBe('wakeup-three-copy'));

    fireEvent.change(input, { target: { value: 'wakeup-three' } });
    fireEvent.click(dialog.getByRole('button', { name: /复制为草稿/ }));
    expect(await dialog.findByText('运营剧本编号 wakeup-three 已存在')).toBeTruthy();

    fireEvent.change(input, { target: { value: 'wakeup-copy' } });
    fireEvent.click(dialog.getByRole('button', { name: /复制为草稿/ }));
    expect(await screen.findByText(/已复制为草稿「唤醒三板斧」（wakeup-copy）/)).toBeTruthy();
    expect(callsTo(fetchMock, 'POST /api/admin/playbooks').at(-1)?.body).toEqual({
      id: 'wakeup-copy',
      templateId: 'wakeup-three',
    });
    // The list is fetched again and shows the new draft.
    expect(await screen.findByText('wakeup-copy')).toBeTruthy();
  }, 60_000);

  it('activates a draft, pauses a running one, and asks before stopping', async () => {
    renderPlaybooks('/playbooks');
    fireEvent.click(within(await rowOf('新晋高潜成长引导')).getByRole('button', { name: '启用' }));
    expect(await screen.findByText('已启用，符合条件的会员将陆续进入剧本')).toBeTruthy();
    expect(callsTo(fetchMock, 'POST /api/admin/playbooks/rising-onboarding/activate')).toHaveLength(
      1,
    );

    const active = await rowOf('唤醒三板斧');
    expect(within(active).queryByRole('button', { name: '恢复' })).toBeNull();
    fireEvent.click(within(active).getByRole('button', { name: '暂停' }));
    expect(await screen.findByText('已暂停，进行中的会员停在当前步骤')).toBeTruthy();

    fireEvent.click(within(active).getByRole('button', { name: '停止' }));
    expect(await screen.findByText('停止后进行中的会员将全部结束，且不可恢复')).toBeTruthy();
    expect(callsTo(fetchMock, 'POST /api/admin/playbooks/wakeup-three/stop')).toHaveLength(0);
    fireEvent.click(screen.getByRole('button', { name: '停止剧本' }));
    expect(await screen.findByText('已停止，进行中的会员已全部结束')).toBeTruthy();
    expect(callsTo(fetchMock, 'POST /api/admin/playbooks/wakeup-three/stop')).toHaveLength(1);
  }, 60_000);

  it('gives an analyst no actions, and only an admin may change the caps', async () => {
    renderPlaybooks('/playbooks', 'analyst');
    const active = await rowOf('唤醒三板斧');
    expect(screen.getByText('只读账号：可查看剧本与转化数据，不能修改')).toBeTruthy();
    expect(within(active).queryByRole('button', { name: '暂停' })).toBeNull();
    expect(within(active).queryByRole('button', { name: '编辑' })).toBeNull();
    expect(screen.queryByRole('button', { name: /复制为草稿/ })).toBeNull();
    expect(screen.queryByRole('button', { name: '新建剧本' })).toBeNull();
    expect(await screen.findByText('仅管理员可修改')).toBeTruthy();
    expect(screen.queryByRole('button', { name: '保存设置' })).toBeNull();
  });

  it('lets an admin save the caps and quiet hours', async () => {
    renderPlaybooks('/playbooks', 'admin');
    const week = (await screen.findByLabelText('7 天触达上限')) as HTMLInputElement;
    await waitFor(() => expect(week.value).toBe('2'));
    expect(screen.getByText(/每天 21:00–09:00（北京时间）不发送订阅消息/)).toBeTruthy();
    fireEvent.change(week, { target: { value: '3' } });
    fireEvent.click(screen.getByRole('button', { name: '保存设置' }));
    expect(await screen.findByText('已保存触达频次与免打扰设置')).toBeTruthy();
    expect(callsTo(fetchMock, 'PUT /api/admin/playbook-settings')[0]?.body).toEqual({
      ...SETTINGS,
      maxTouches7d: 3,
    });
  }, 60_000);
});
