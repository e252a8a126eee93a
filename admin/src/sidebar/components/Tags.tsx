import type { TagGroupView } from '@circles/shared';
import { useState } from 'react';
import { sidebarApi } from '../api/sidebar';
import { Button, Empty, Section, type useAction } from './ui';
import { actionError } from './Perks';

type Actions = ReturnType<typeof useAction>;

function selectedIds(groups: TagGroupView[]): Set<string> {
  return new Set(groups.flatMap((g) => g.tags.map((t) => t.tagId)));
}

function GroupView({ group }: { group: TagGroupView }) {
  return (
    <div className="sb-tag-group">
      <div className="sb-tag-group-name">
        {group.groupName}
        {group.system && <span className="sb-lock">系统同步</span>}
      </div>
      <div className="sb-tags">
        {group.tags.length === 0 ? (
          <span className="sb-muted">未打标签</span>
        ) : (
          group.tags.map((t) => (
            <span key={t.tagId} className={`sb-chip sb-chip-${t.source}`}>
              {t.name}
            </span>
          ))
        )}
      </div>
    </div>
  );
}

function GroupEditor(props: {
  group: TagGroupView;
  chosen: Set<string>;
  toggle: (tagId: string) => void;
}) {
  return (
    <fieldset className="sb-tag-group">
      <legend className="sb-tag-group-name">{props.group.groupName}</legend>
      <div className="sb-tags">
        {props.group.options.map((o) => {
          const on = props.chosen.has(o.tagId);
          return (
            <button
              key={o.tagId}
              type="button"
              className={`sb-chip sb-chip-option${on ? ' sb-chip-on' : ''}`}
              aria-pressed={on}
              onClick={() => props.toggle(o.tagId)}
            >
              {o.name}
            </button>
          );
        })}
      </div>
    </fieldset>
  );
}

/**
 * The customer's corp tags. System groups (tier, segment) are kept by Circles and shown
 * read-only; the others are edited here and written to WeCom (mark_tag) by the server.
 */
export function TagsSection(props: {
  externalUserId: string;
  groups: TagGroupView[];
  actions: Actions;
  onSaved: (groups: TagGroupView[]) => void;
}) {
  const { groups, actions } = props;
  const [chosen, setChosen] = useState<Set<string> | null>(null);
  const editable = groups.filter((g) => !g.system && g.options.length > 0);

  const toggle = (tagId: string) =>
    setChosen((prev) => {
      const next = new Set(prev);
      if (next.has(tagId)) next.delete(tagId);
      else next.add(tagId);
      return next;
    });

  const save = async () => {
    if (!chosen) return;
    const before = selectedIds(editable);
    const add = [...chosen].filter((id) => !before.has(id));
    const remove = [...before].filter((id) => !chosen.has(id));
    if (add.length + remove.length === 0) {
      setChosen(null);
      return;
    }
    const ok = await actions.run(
      'tags',
      async () => {
        const r = await sidebarApi.editTags(props.externalUserId, add, remove);
        props.onSaved(r.tagGroups);
        return '标签已更新，并同步到企业微信';
      },
      actionError,
    );
    if (ok) setChosen(null);
  };

  const editButton = chosen ? null : (
    <Button
      variant="link"
      disabled={editable.length === 0}
      onClick={() => setChosen(selectedIds(editable))}
    >
      编辑标签
    </Button>
  );

  return (
    <Section title="客户标签" extra={editButton}>
      {groups.length === 0 && <Empty>企业还没有客户标签</Empty>}
      {chosen ? (
        <div className="sb-tag-editor">
          {groups
            .filter((g) => g.system)
            .map((g) => (
              <GroupView key={g.groupId} group={g} />
            ))}
          {editable.map((g) => (
            <GroupEditor key={g.groupId} group={g} chosen={chosen} toggle={toggle} />
          ))}
          <div className="sb-row-actions">
            <Button variant="primary" busy={actions.busy === 'tags'} onClick={() => void save()}>
              保存
            </Button>
            <Button disabled={actions.busy === 'tags'} onClick={() => setChosen(null)}>
              取消
            </Button>
          </div>
        </div>
      ) : (
        groups.map((g) => <GroupView key={g.groupId} group={g} />)
      )}
    </Section>
  );
}
