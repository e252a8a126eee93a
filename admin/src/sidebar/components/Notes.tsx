import type { NoteView } from '@circles/shared';
import { type FormEvent, useState } from 'react';
import { sidebarApi } from '../api/sidebar';
import { dateTime } from '../format';
import { actionError } from './Perks';
import { Button, Empty, Section, type useAction } from './ui';

type Actions = ReturnType<typeof useAction>;
const MAX = 1000;

/** Consultants' notes on the customer, newest first, shared by everyone who follows them. */
export function NotesSection(props: {
  externalUserId: string;
  notes: NoteView[];
  actions: Actions;
  onAdded: (note: NoteView) => void;
}) {
  const [text, setText] = useState('');
  const trimmed = text.trim();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!trimmed) return;
    const ok = await props.actions.run(
      'note',
      async () => {
        props.onAdded(await sidebarApi.addNote(props.externalUserId, trimmed));
        return '备注已保存';
      },
      actionError,
    );
    if (ok) setText('');
  };
  const notes = [...props.notes].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return (
    <Section title="备注">
      <form className="sb-form" onSubmit={(e) => void submit(e)}>
        <textarea
          className="sb-input"
          rows={2}
          maxLength={MAX}
          placeholder="记录客户偏好、沟通要点…"
          aria-label="新备注"
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <div className="sb-form-foot">
          <span className="sb-muted">
            {text.length}/{MAX}
          </span>
          <Button
            type="submit"
            variant="primary"
            disabled={!trimmed}
            busy={props.actions.busy === 'note'}
          >
            添加备注
          </Button>
        </div>
      </form>
      {notes.length === 0 ? (
        <Empty>还没有备注</Empty>
      ) : (
        <ul className="sb-list">
          {notes.map((n) => (
            <li key={n.id} className="sb-row sb-note">
              <p className="sb-note-text">{n.text}</p>
              <div className="sb-muted">
                {n.consultantName} · {dateTime(n.createdAt)}
              </div>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}
