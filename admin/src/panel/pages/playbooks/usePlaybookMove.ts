import { App } from 'antd';
import { useState } from 'react';
import { errorText } from '../../api/errors';
import { movePlaybook, type PlaybookMove, type PlaybookView } from '../../api/playbooks';
import { MOVE_TEXT } from './playbookText';

const DONE_TEXT: Record<PlaybookMove, string> = {
  activate: '已启用，符合条件的会员将陆续进入剧本',
  pause: '已暂停，进行中的会员停在当前步骤',
  resume: '已恢复，进行中的会员继续执行',
  stop: '已停止，进行中的会员已全部结束',
};

/**
 * Status moves (启用 / 暂停 / 恢复 / 停止) for the list and the detail page. Stopping ends every
 * running member for good, so it asks first; the others are undone by the opposite move.
 */
export function usePlaybookMove(onMoved: (saved: PlaybookView) => void) {
  const { message, modal } = App.useApp();
  const [busy, setBusy] = useState<string | null>(null);

  async function run(id: string, move: PlaybookMove) {
    setBusy(`${id}:${move}`);
    try {
      const saved = await movePlaybook(id, move);
      message.success(DONE_TEXT[move]);
      onMoved(saved);
    } catch (err) {
      message.error(errorText(err));
    } finally {
      setBusy(null);
    }
  }

  function move(p: { id: string; name: string }, to: PlaybookMove) {
    if (to !== 'stop') {
      void run(p.id, to);
      return;
    }
    modal.confirm({
      title: `停止剧本「${p.name}」？`,
      content: '停止后进行中的会员将全部结束，且不可恢复',
      okText: '停止剧本',
      okButtonProps: { danger: true },
      cancelText: '取消',
      onOk: () => run(p.id, 'stop'),
    });
  }

  return {
    move,
    busyOf: (id: string, to: PlaybookMove) => busy === `${id}:${to}`,
    label: (to: PlaybookMove) => MOVE_TEXT[to],
  };
}
