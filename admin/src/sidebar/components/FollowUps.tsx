import type { FollowUpView } from '@circles/shared';
import { type FormEvent, useState } from 'react';
import { sidebarApi } from '../api/sidebar';
import { dateTime, day } from '../format';
import { actionError } from './Perks';
import { Button, Empty, Section, type useAction } from './ui';

type Actions = ReturnType<typeof useAction>;

/** A due date picked as a local day means the end of that day for the consultant. */
function endOfLocalDay(value: string): string | undefined {
  if (!value) return undefined;
  const [y, m, d] = value.split('-').map(Number);
  if (!y || !m || !d) return undefined;
  return new Date(y, m - 1, d, 23, 59, 59).toISOString();
}

function overdue(f: FollowUpView, now: number): boolean {
  return f.status === 'open' && f.dueAt !== null && Date.parse(f.dueAt) < now;
}

/** Playbook (运营剧本) tasks: created by a playbook step, finished by picking an outcome. */
const isPlaybook = (f: FollowUpView) => f.kind === 'playbook';

function FollowUpRow(props: {
  item: FollowUpView;
  actions: Actions;
  onDone: (outcome?: string) => void;
}) {
  const { item } = props;
  const late = overdue(item, Date.now());
  const open = item.status === 'open';
  const busy = props.actions.busy === `done:${item.id}`;
  const picking = open && item.outcomes.length > 0;
  return (
    <li className={`sb-row sb-follow sb-follow-${item.status}${late ? ' sb-follow-late' : ''}`}>
      <div className="sb-row-main">
        <span className="sb-follow-title">
          {isPlaybook(item) && <span className="sb-chip sb-chip-playbook">运营剧本</span>}
          {item.title}
        </span>
        {open ? (
          !picking && (
            <Button variant="link" busy={busy} onClick={() => props.onDone()}>
              完成
            </Button>
          )
        ) : (
          <span className="sb-status sb-status-done">
            {item.outcome ? `已完成 · ${item.outcome}` : '已完成'}
          </span>
        )}
      </div>
      {item.playbook.length > 0 && open && (
        <ol className="sb-playbook" aria-label={isPlaybook(item) ? '话术' : '跟进步骤'}>
          {item.playbook.map((step) => (
            <li key={step}>{step}</li>
          ))}
        </ol>
      )}
      {picking && (
        // One tap records the outcome and finishes the task; the playbook branches on it.
        <fieldset className="sb-outcomes" disabled={busy}>
          <legend className="sb-muted">跟进结果（点选即完成）</legend>
          {item.outcomes.map((o) => (
            <Button key={o} variant="default" disabled={busy} onClick={() => props.onDone(o)}>
              {o}
            </Button>
          ))}
        </fieldset>
      )}
      <div className={late ? 'sb-late' : 'sb-muted'}>
        {item.status === 'done'
          ? `完成于 ${dateTime(item.doneAt)}`
          : item.dueAt
            ? `${late ? '已逾期 · ' : ''}截止 ${day(item.dueAt)}`
            : `创建于 ${dateTime(item.createdAt)}`}
      </div>
    </li>
  );
}

/**
 * What to do next with this customer: open items first (playbook tasks, then earliest due),
 * then done ones.
 */
export function FollowUpsSection(props: {
  externalUserId: string;
  items: FollowUpView[];
  actions: Actions;
  onChanged: (item: FollowUpView) => void;
}) {
  const { actions } = props;
  const [title, setTitle] = useState('');
  const [due, setDue] = useState('');
  const [showDone, setShowDone] = useState(false);
  // Playbook tasks first (they time out and move the playbook on), then earliest due.
  const open = props.items
    .filter((f) => f.status === 'open')
    .sort(
      (a, b) =>
        Number(isPlaybook(b)) - Number(isPlaybook(a)) ||
        (a.dueAt ?? '9').localeCompare(b.dueAt ?? '9'),
    );
  const done = props.items.filter((f) => f.status === 'done');

  const add = async (e: FormEvent) => {
    e.preventDefault();
    const t = title.trim();
    if (!t) return;
    const ok = await actions.run(
      'follow-up',
      async () => {
        props.onChanged(await sidebarApi.addFollowUp(props.externalUserId, t, endOfLocalDay(due)));
        return '已添加跟进事项';
      },
      actionError,
    );
    if (ok) {
      setTitle('');
      setDue('');
    }
  };
  const markDone = (item: FollowUpView, outcome?: string) =>
    void actions.run(
      `done:${item.id}`,
      async () => {
        props.onChanged(await sidebarApi.followUpDone(item.id, outcome));
        return outcome ? `已记录跟进结果：${outcome}` : '已标记完成';
      },
      actionError,
    );

  return (
    <Section title={`跟进事项${open.length ? `（${open.length}）` : ''}`}>
      {open.length === 0 ? (
        <Empty>暂无待办跟进</Empty>
      ) : (
        <ul className="sb-list">
          {open.map((f) => (
            <FollowUpRow key={f.id} item={f} actions={actions} onDone={(o) => markDone(f, o)} />
          ))}
        </ul>
      )}
      {done.length > 0 && (
        <Button variant="link" onClick={() => setShowDone((v) => !v)}>
          {showDone ? '收起已完成' : `查看已完成（${done.length}）`}
        </Button>
      )}
      {showDone && (
        <ul className="sb-list">
          {done.map((f) => (
            <FollowUpRow key={f.id} item={f} actions={actions} onDone={() => undefined} />
          ))}
        </ul>
      )}
      <form className="sb-form sb-form-inline" onSubmit={(e) => void add(e)}>
        <input
          className="sb-input"
          maxLength={120}
          placeholder="新跟进事项，如：周末邀约到店试穿"
          aria-label="跟进事项"
          value={title}
          onChange={(e) => setTitle(e.target.value)}
        />
        <input
          className="sb-input sb-input-date"
          type="date"
          aria-label="截止日期"
          value={due}
          onChange={(e) => setDue(e.target.value)}
        />
        <Button
          type="submit"
          variant="primary"
          disabled={!title.trim()}
          busy={actions.busy === 'follow-up'}
        >
          添加
        </Button>
      </form>
    </Section>
  );
}
