import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { callsTo, routeFetch } from '../../../../jest/fakeApi';
import {
  errorBody,
  type FetchMock,
  fakeResponse,
  installFetch,
  uninstallFetch,
} from '../../../../jest/fakeFetch';
import { ACTIVE, CIRCLES, DETAIL, PERKS, renderPlaybooks } from './testFixtures';

const PUT = 'PUT /api/admin/playbooks/wakeup-three';
let fetchMock: FetchMock;
let answer: () => Response;
beforeEach(() => {
  fetchMock = installFetch();
  answer = () => fakeResponse(200, { ...ACTIVE, version: 3 });
  routeFetch(fetchMock, {
    'GET /api/admin/playbooks/wakeup-three': () => fakeResponse(200, DETAIL),
    'GET /api/admin/circles': () => fakeResponse(200, CIRCLES),
    'GET /api/admin/perks': () => fakeResponse(200, PERKS),
    [PUT]: () => answer(),
  });
});
afterEach(uninstallFetch);

async function loaded() {
  const name = (await screen.findByLabelText('剧本名称')) as HTMLInputElement;
  await waitFor(() => expect(name.value).toBe('唤醒三板斧'));
  return name;
}

const save = () => fireEvent.click(screen.getByRole('button', { name: /保存为新版本/ }));

describe('playbook editor', () => {
  it('saves the definition unchanged as a new version and says runs keep theirs', async () => {
    renderPlaybooks('/playbooks/wakeup-three/edit');
    await loaded();
    expect(screen.getByText(/当前为第 2 版。保存后生成第 3 版/)).toBeTruthy();
    save();
    expect(await screen.findByText('已保存为第 3 版，进行中的会员按原版本走完')).toBeTruthy();
    // What the form holds goes back exactly as it came, "end" branch targets included.
    expect(callsTo(fetchMock, PUT)[0]?.body).toEqual({ definition: DETAIL.definition });
    // Then the detail page.
    expect(await screen.findByRole('heading', { name: '运营剧本 · 唤醒三板斧' })).toBeTruthy();
  }, 90_000);

  it('shows the server’s objection at the step field it names', async () => {
    answer = () =>
      fakeResponse(
        400,
        errorBody('VALIDATION_FAILED', 'Invalid body.definition.steps.1.perkCode', {
          fields: [
            { path: 'body.definition.steps.1.perkCode', message: '请填写权益' },
            { path: 'body.definition.steps.0.outcomes.2', message: '结果选项最多 12 个字' },
          ],
        }),
      );
    renderPlaybooks('/playbooks/wakeup-three/edit');
    await loaded();
    save();
    const perkStep = await screen.findByRole('group', { name: '第 2 步' });
    expect(await within(perkStep).findByText('请填写权益')).toBeTruthy();
    // A path below an input (one outcome of the list) lands on the input.
    const task = screen.getByRole('group', { name: '第 1 步' });
    expect(within(task).getByText('结果选项最多 12 个字')).toBeTruthy();
    expect(screen.queryByText('已保存为第 3 版，进行中的会员按原版本走完')).toBeNull();
  }, 90_000);

  it('puts an unknown circle from the service’s own check on the circle select', async () => {
    answer = () =>
      fakeResponse(
        400,
        errorBody('PLAYBOOK_TARGET_UNKNOWN', '圈层 dormant-vip 不存在或已归档', {
          field: 'trigger.circleId',
        }),
      );
    renderPlaybooks('/playbooks/wakeup-three/edit');
    await loaded();
    save();
    const error = await screen.findByText('圈层 dormant-vip 不存在或已归档');
    const item = error.closest('.ant-form-item') as HTMLElement;
    expect(within(item).getByText('圈层')).toBeTruthy();
  }, 90_000);

  it('refuses an unfinished new step before calling the server', async () => {
    renderPlaybooks('/playbooks/wakeup-three/edit');
    await loaded();
    fireEvent.click(screen.getByRole('button', { name: /添加步骤/ }));
    const added = await screen.findByRole('group', { name: '第 11 步' });
    save();
    expect(await within(added).findByText('请填写任务标题')).toBeTruthy();
    expect(within(added).getByText('请填写话术')).toBeTruthy();
    expect(callsTo(fetchMock, PUT)).toHaveLength(0);
  }, 90_000);
});
