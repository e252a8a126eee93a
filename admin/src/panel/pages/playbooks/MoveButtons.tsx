import { Button } from 'antd';
import type { PlaybookStatus } from '../../api/playbooks';
import { MOVES_FROM } from './playbookText';
import type { usePlaybookMove } from './usePlaybookMove';

/** The status moves a playbook allows now, as buttons (links in tables). */
export function MoveButtons({
  playbook,
  moves,
  link = false,
}: {
  playbook: { id: string; name: string; status: PlaybookStatus };
  moves: ReturnType<typeof usePlaybookMove>;
  link?: boolean;
}) {
  return (
    <>
      {MOVES_FROM[playbook.status].map((to) => (
        <Button
          key={to}
          type={link ? 'link' : to === 'activate' || to === 'resume' ? 'primary' : 'default'}
          size={link ? 'small' : 'middle'}
          danger={to === 'stop'}
          loading={moves.busyOf(playbook.id, to)}
          onClick={() => moves.move(playbook, to)}
        >
          {moves.label(to)}
        </Button>
      ))}
    </>
  );
}
