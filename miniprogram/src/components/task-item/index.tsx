import { Text, View } from '@tarojs/components';
import type { MemberTask } from '../../api/tasks';
import { count } from '../../lib/format';
import { ProgressBar, ActionButton } from '../ui';
import './index.scss';

const PERIOD_TEXT: Record<MemberTask['period'], string> = {
  once: '限一次',
  daily: '每日',
  weekly: '每周',
  monthly: '每月',
};

/** "+10 积分 · +5 成长值 · 权益礼券" */
export function rewardText(reward: MemberTask['reward']): string {
  const parts: string[] = [];
  if (reward.points) parts.push(`+${count(reward.points)} 积分`);
  if (reward.growth) parts.push(`+${count(reward.growth)} 成长值`);
  if (reward.perkCode) parts.push('权益礼券');
  return parts.join(' · ') || '完成即可';
}

/** Spend targets are fen; every other target is a count of times. */
function progressText(task: MemberTask): string {
  if (task.kind === 'spend')
    return `¥${Math.floor(task.progress / 100)} / ¥${Math.floor(task.target / 100)}`;
  return `${Math.min(task.progress, task.target)} / ${task.target}`;
}

export function TaskItem({
  task,
  busy,
  onClaim,
}: {
  task: MemberTask;
  busy: boolean;
  onClaim: (task: MemberTask) => void;
}) {
  return (
    <View className="task-item" data-testid="task-item" data-state={task.state}>
      <View className="task-item__main">
        <Text className="task-item__name">
          {task.name}
          <Text className="task-item__period"> {PERIOD_TEXT[task.period]}</Text>
        </Text>
        <Text className="task-item__reward">{rewardText(task.reward)}</Text>
        {task.state === 'in_progress' && task.target > 1 ? (
          <View className="task-item__progress">
            <ProgressBar value={task.progress / task.target} color="#c9a063" />
            <Text className="task-item__count">{progressText(task)}</Text>
          </View>
        ) : null}
      </View>
      {task.state === 'completed' ? (
        <ActionButton
          className="ui-button task-item__action"
          size="mini"
          loading={busy}
          disabled={busy}
          onClick={() => onClaim(task)}
        >
          领取奖励
        </ActionButton>
      ) : (
        <Text className="task-item__state">{task.state === 'claimed' ? '已完成' : '进行中'}</Text>
      )}
    </View>
  );
}
