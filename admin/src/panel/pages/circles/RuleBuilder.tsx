import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Segmented, Space, Typography } from 'antd';
import { useMemo } from 'react';
import type { CircleField } from '../../api/circles';
import { ConditionRow } from './ConditionRow';
import { RuleEditor, type RuleEditorContext, useRuleEditor } from './ruleContext';
import {
  addChild,
  type GroupMode,
  type GroupNode,
  indexFields,
  MAX_CHILDREN,
  MAX_DEPTH,
  MODE_TEXT,
  newCondition,
  newGroup,
  removeNode,
  updateNode,
} from './ruleModel';

const MODE_HINT: Record<GroupMode, string> = {
  all: '以下条件须同时成立',
  any: '以下条件至少一项成立',
  not: '以下条件（同时成立时）排除在外',
};

const MODE_OPTIONS = (Object.keys(MODE_TEXT) as GroupMode[]).map((m) => ({
  value: m,
  label: MODE_TEXT[m],
}));

/** A new sub-group alternates with its parent: under 全部满足 one usually wants 任一满足. */
const subMode = (parent: GroupMode): GroupMode => (parent === 'any' ? 'all' : 'any');

function GroupEditor({
  node,
  position,
  depth,
}: {
  node: GroupNode;
  /** '' for the root, else "2", "2-1" … as the user counts. */
  position: string;
  depth: number;
}) {
  const { disabled, issueOf, update, remove, add } = useRuleEditor();
  const root = depth === 0;
  const issue = issueOf(node.id);
  const full = node.children.length >= MAX_CHILDREN;
  const child = (i: number) => (position ? `${position}-${i + 1}` : String(i + 1));

  return (
    <fieldset
      className={`circle-group circle-group-${node.mode}${root ? ' circle-group-root' : ''}`}
      aria-label={root ? '规则' : `条件组 ${position}`}
    >
      <div className="circle-group-head">
        <Segmented<GroupMode>
          size="small"
          options={MODE_OPTIONS}
          value={node.mode}
          disabled={disabled}
          onChange={(mode) => update(node.id, (n) => (n.kind === 'group' ? { ...n, mode } : n))}
        />
        <Typography.Text type="secondary">{MODE_HINT[node.mode]}</Typography.Text>
        {!root && !disabled && (
          <Button
            type="text"
            size="small"
            danger
            icon={<DeleteOutlined />}
            aria-label="删除条件组"
            onClick={() => remove(node.id)}
          />
        )}
      </div>
      <div className="circle-group-body">
        {node.children.map((c, i) =>
          c.kind === 'group' ? (
            <GroupEditor key={c.id} node={c} position={child(i)} depth={depth + 1} />
          ) : (
            <ConditionRow key={c.id} node={c} position={child(i)} />
          ),
        )}
        {node.children.length === 0 && (
          <Typography.Text type="secondary">组内还没有条件</Typography.Text>
        )}
      </div>
      {issue && (
        <div className="panel-form-error circle-issue" role="alert">
          {issue}
        </div>
      )}
      {!disabled && (
        <Space size={8} className="circle-group-actions">
          <Button
            size="small"
            type="dashed"
            icon={<PlusOutlined />}
            disabled={full}
            onClick={() => add(node.id, newCondition())}
          >
            添加条件
          </Button>
          <Button
            size="small"
            type="dashed"
            icon={<PlusOutlined />}
            disabled={full || depth >= MAX_DEPTH - 1}
            onClick={() => add(node.id, newGroup(subMode(node.mode)))}
          >
            添加条件组
          </Button>
        </Space>
      )}
    </fieldset>
  );
}

/**
 * The nested rule editor: groups of 全部满足 / 任一满足 / 不满足 holding conditions and
 * sub-groups. Controlled: the page keeps the draft tree and compiles it (ruleModel.ts).
 */
export function RuleBuilder({
  root,
  fields,
  onChange,
  issues,
  serverIssues,
  showIssues,
  disabled = false,
}: {
  root: GroupNode;
  fields: readonly CircleField[];
  /** The new tree and the node that changed (its server objection is now stale). */
  onChange: (root: GroupNode, changedId: string) => void;
  /** Missing parts per node, shown once `showIssues` (after a save attempt). */
  issues: ReadonlyMap<string, string>;
  /** The server's objections per node, always shown. */
  serverIssues: ReadonlyMap<string, string>;
  showIssues: boolean;
  disabled?: boolean;
}) {
  const index = useMemo(() => indexFields(fields), [fields]);
  const context = useMemo<RuleEditorContext>(
    () => ({
      fields: index,
      fieldList: fields,
      disabled,
      issueOf: (id) => serverIssues.get(id) ?? (showIssues ? (issues.get(id) ?? null) : null),
      update: (id, fn) => onChange(updateNode(root, id, fn), id),
      remove: (id) => onChange(removeNode(root, id), id),
      add: (groupId, node) => onChange(addChild(root, groupId, node), groupId),
    }),
    [index, fields, disabled, serverIssues, showIssues, issues, onChange, root],
  );
  return (
    <RuleEditor.Provider value={context}>
      <GroupEditor node={root} position="" depth={0} />
    </RuleEditor.Provider>
  );
}
