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
import CircleEditorPage from '../CircleEditorPage';
import { compileRule, indexFields } from './ruleModel';
import { parseRule } from './ruleParse';
import { CIRCLE, FIELDS, preview } from './testFixtures';

// The registry's topics, whatever the brand's list is today.
const [TOPIC = ''] = INTEREST_TOPICS;

let fetchMock: FetchMock;
beforeEach(() => {
  fetchMock = installFetch();
  routeFetch(fetchMock, {
    'GET /api/admin/tiers': () => fakeResponse(200, LADDER),
    'GET /api/admin/circles/fields': () => fakeResponse(200, { items: FIELDS }),
    'POST /api/admin/circles/preview': () => fakeResponse(200, preview(42)),
    'POST /api/admin/circles': ({ body }) =>
      fakeResponse(201, { ...CIRCLE, ...(body as object), version: 1 }),
  });
});
afterEach(uninstallFetch);

// Selects in jsdom are slow on the shared machine; these wait for the UI.
const SLOW = 120_000;

/** The fieldset of a group ('规则', '条件组 2') or a condition ('条件 2-1'). */
function part(name: string): HTMLElement {
  const el = document.querySelector<HTMLElement>(`fieldset[aria-label="${name}"]`);
  if (!el) throw new Error(`没有找到 ${name}`);
  return el;
}

/**
 * Picks `option` in the select labelled `label` inside `scope` by typing and Enter (antd gives
 * every popup the same id in tests, so the open dropdown can't be found by its listbox id).
 */
async function pick(scope: HTMLElement, label: string, option: string) {
  const input = within(scope).getByLabelText(label);
  fireEvent.mouseDown(input);
  fireEvent.change(input, { target: { value: option } });
  await waitFor(() => expect(input.getAttribute('aria-expanded')).toBe('true'));
  // Enter takes the active option: wait until the filter has made it the wanted one.
  await waitFor(() => {
    const active = document.querySelectorAll('.ant-select-item-option-active');
    if (![...active].some((el) => el.getAttribute('title') === option))
      throw new Error(`选项 ${option} 未激活`);
  });
  fireEvent.keyDown(input, { key: 'Enter', code: 'Enter', keyCode: 13 });
  await waitFor(() => {
    const select = input.closest('.ant-select');
    if (!select?.querySelector(`[title="${option}"]`)) throw new Error(`未选中 ${option}`);
  });
}

function type(scope: HTMLElement, label: string, value: string) {
  fireEvent.change(within(scope).getByLabelText(label), { target: { value } });
}

/** Direct children only: a group's own head, not a nested group's. */
function head(group: HTMLElement): HTMLElement {
  const el = group.querySelector<HTMLElement>(':scope > .circle-group-head');
  if (!el) throw new Error('没有组标题');
  return el;
}

function actions(group: HTMLElement) {
  return within(group.querySelector<HTMLElement>(':scope > .circle-group-actions') as HTMLElement);
}

async function openEditor() {
  renderWithPanel(<CircleEditorPage />, 'ops');
  await waitFor(() => part('条件 1'));
  type(document.body, '圈层 ID', 'high-value');
  type(document.body, '圈层名称', '高价值');
}

describe('circle rule builder', () => {
  it(
    'builds a nested any/all/not rule and sends money typed in 元 as fen',
    async () => {
      await openEditor();
      await pick(part('条件 1'), '字段', 'RFM 价值分层');
      await pick(part('条件 1'), '取值', '重要价值');

      // Root is 全部满足; a new sub-group alternates to 任一满足.
      fireEvent.click(actions(part('规则')).getByText('添加条件组'));
      await waitFor(() => part('条件 2-1'));
      await pick(part('条件 2-1'), '字段', '消费金额（近一年）');
      await pick(part('条件 2-1'), '运算', '大于等于');
      type(part('条件 2-1'), '数值', '1234.56');

      fireEvent.click(actions(part('条件组 2')).getByText('添加条件'));
      await waitFor(() => part('条件 2-2'));
      await pick(part('条件 2-2'), '字段', '近 N 天消费金额');
      type(part('条件 2-2'), '统计天数', '60');
      await pick(part('条件 2-2'), '运算', '介于');
      type(part('条件 2-2'), '最小值', '100');
      type(part('条件 2-2'), '最大值', '500.5');

      // A third level, switched to 不满足: members who are not paid members.
      fireEvent.click(actions(part('条件组 2')).getByText('添加条件组'));
      await waitFor(() => part('条件 2-3-1'));
      fireEvent.click(within(head(part('条件组 2-3'))).getByText('不满足'));
      await pick(part('条件 2-3-1'), '字段', '付费会员');

      fireEvent.click(screen.getByText('保存圈层'));
      await waitFor(() => expect(callsTo(fetchMock, 'POST /api/admin/circles')).toHaveLength(1));
      expect(callsTo(fetchMock, 'POST /api/admin/circles')[0]?.body).toEqual({
        id: 'high-value',
        name: '高价值',
        description: '',
        color: '#722ED1',
        icon: '◎',
        owner: '测试ops01',
        status: 'draft',
        rule: {
          all: [
            { field: 'segment', op: 'eq', value: '重要价值' },
            {
              any: [
                { field: 'monetaryFen', op: 'gte', value: 123456 },
                { field: 'spendFen', op: 'between', value: [10000, 50050], days: 60 },
                { not: { field: 'paidMember', op: 'eq', value: true } },
              ],
            },
          ],
        },
      });
      expect(await screen.findByText('已保存圈层「高价值」')).toBeTruthy();
    },
    SLOW,
  );

  it(
    'names what is missing in each incomplete condition and sends nothing',
    async () => {
      await openEditor();
      fireEvent.click(actions(part('规则')).getByText('添加条件'));
      await waitFor(() => part('条件 2'));
      await pick(part('条件 2'), '字段', '消费金额（近一年）');
      fireEvent.click(actions(part('规则')).getByText('添加条件组'));
      await waitFor(() => part('条件 3-1'));
      await pick(part('条件 3-1'), '字段', '内容兴趣（近 N 天点击）');
      // Nothing is marked before the first save attempt; the preview waits for a full rule.
      expect(within(part('条件 1')).queryByText('请选择字段')).toBeNull();
      expect(screen.getByText('规则尚未完成（还有 3 处待补全），补全后自动预览')).toBeTruthy();

      fireEvent.click(screen.getByText('保存圈层'));
      expect(await within(part('条件 1')).findByText('请选择字段')).toBeTruthy();
      expect(within(part('条件 2')).getByText('请填写数值')).toBeTruthy();
      expect(within(part('条件 3-1')).getByText('请选择内容主题')).toBeTruthy();
      expect(screen.getByText('规则中还有未完成的条件，请按标红提示补全')).toBeTruthy();

      fireEvent.click(within(part('条件 1')).getByLabelText('删除条件'));
      await pick(part('条件 2-1'), '内容主题', TOPIC);
      type(part('条件 2-1'), '数值', '3');
      type(part('条件 1'), '数值', '0');
      await waitFor(() => expect(document.querySelector('.circle-issue')).toBeNull());
      expect(callsTo(fetchMock, 'POST /api/admin/circles')).toHaveLength(0);
      // Complete now: the preview asks the server about exactly this rule.
      await waitFor(() =>
        expect(callsTo(fetchMock, 'POST /api/admin/circles/preview').at(-1)?.body).toEqual({
          rule: {
            all: [
              { field: 'monetaryFen', op: 'eq', value: 0 },
              { any: [{ field: 'interest', op: 'eq', value: 3, days: 30, topic: TOPIC }] },
            ],
          },
        }),
      );
    },
    SLOW,
  );

  it(
    "shows the server's objection on the condition its path names",
    async () => {
      routeFetch(fetchMock, {
        'GET /api/admin/tiers': () => fakeResponse(200, LADDER),
        'GET /api/admin/circles/fields': () => fakeResponse(200, { items: FIELDS }),
        'POST /api/admin/circles/preview': () => fakeResponse(200, preview(42)),
        'POST /api/admin/circles': () =>
          fakeResponse(
            400,
            errorBody('VALIDATION_FAILED', '参数不合法', {
              fields: [
                { path: 'body.rule.all.1.any.0.value', message: 'must be a number' },
                { path: 'body.name', message: '圈层名称已存在' },
              ],
            }),
          ),
      });
      await openEditor();
      await pick(part('条件 1'), '字段', '付费会员');
      fireEvent.click(actions(part('规则')).getByText('添加条件组'));
      await waitFor(() => part('条件 2-1'));
      await pick(part('条件 2-1'), '字段', '消费金额（近一年）');
      type(part('条件 2-1'), '数值', '10');
      fireEvent.click(screen.getByText('保存圈层'));
      expect(
        await within(part('条件 2-1')).findByText('取值无效（must be a number）'),
      ).toBeTruthy();
      expect(await screen.findByText('圈层名称已存在')).toBeTruthy();
      expect(within(part('条件 1')).queryByRole('alert')).toBeNull();
    },
    SLOW,
  );
});

describe('rule model', () => {
  it('round-trips a saved rule, showing fen as 元 and keeping 不满足 groups', () => {
    const fields = indexFields(FIELDS);
    const saved = {
      any: [
        { field: 'monetaryFen', op: 'between', value: [10050, 20000] },
        {
          not: {
            all: [
              { field: 'paidMember', op: 'eq', value: false },
              { field: 'segment', op: 'in', value: ['重要价值'] },
            ],
          },
        },
      ],
    };
    const draft = parseRule(saved, fields);
    const money = draft.children[0];
    expect(money?.kind === 'condition' && money.value).toEqual([100.5, 200]);
    const compiled = compileRule(draft, fields);
    expect(compiled.rule).toEqual(saved);
    expect(compiled.issues.size).toBe(0);
    // The server's path through the implicit `all` of a 不满足 group finds the condition.
    const not = draft.children[1];
    const second = not?.kind === 'group' ? not.children[1] : undefined;
    expect(compiled.paths.get('any.1.not.all.1')).toBe(second?.id);
  });
});
