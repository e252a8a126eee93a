import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { showError } from '../../api/errors';
import { type MemberTask, tasksApi } from '../../api/tasks';
import { MemberGate } from '../../components/member-gate';
import { rewardText, TaskItem } from '../../components/task-item';
import { EmptyState, Loadable, Section, ActionButton } from '../../components/ui';
import { usePullRefresh, useRemote } from '../../hooks/use-remote';
import { count } from '../../lib/format';
import '../../styles/page.scss';
import './index.scss';

/** Points a claimed task answer says were earned (for the toast). */
function earned(tasks: MemberTask[]): number {
  return tasks.reduce((sum, t) => sum + t.reward.points, 0);
}

function SigninCard({
  task,
  busy,
  onSignin,
}: {
  task: MemberTask;
  busy: boolean;
  onSignin: () => void;
}) {
  const done = task.state === 'claimed';
  return (
    <View className="signin" data-testid="signin">
      <View className="signin__main">
        <Text className="signin__title">{done ? '今日已签到' : '每日签到'}</Text>
        <Text className="signin__streak">
          {task.streak ? `已连续签到 ${task.streak} 天` : '坚持签到，连签有惊喜'}
        </Text>
        <Text className="signin__reward">{rewardText(task.reward)}</Text>
      </View>
      <ActionButton
        className="ui-button ui-button--dark signin__action"
        loading={busy}
        disabled={busy || done}
        onClick={onSignin}
      >
        {done ? '已签到' : task.state === 'completed' ? '领取' : '签到'}
      </ActionButton>
    </View>
  );
}

function TasksContent() {
  const tasks = useRemote(() => tasksApi.list(), []);
  const [busy, setBusy] = useState<string | null>(null);
  usePullRefresh(() => tasks.reload());

  const claim = async (task: MemberTask) => {
    setBusy(task.code);
    try {
      const done = await tasksApi.claim(task.code);
      void Taro.showToast({
        title: done.reward.points ? `获得 ${count(done.reward.points)} 积分` : '已领取',
        icon: 'none',
      });
      await tasks.reload();
    } catch (err) {
      showError(err);
    } finally {
      setBusy(null);
    }
  };
  // Signing in completes today's sign-in tasks; their rewards are claimed in the same tap.
  const signin = async () => {
    setBusy('signin');
    try {
      const { items } = await tasksApi.signin();
      const claimed = await Promise.all(
        items.filter((t) => t.state === 'completed').map((t) => tasksApi.claim(t.code)),
      );
      const points = earned(claimed);
      void Taro.showToast({
        title: points ? `签到成功 +${count(points)} 积分` : '签到成功',
        icon: 'none',
      });
      await tasks.reload();
    } catch (err) {
      showError(err);
    } finally {
      setBusy(null);
    }
  };

  return (
    <Loadable remote={tasks} rows={5}>
      {(data) => {
        const signinTask = data.items.find((t) => t.kind === 'signin');
        const others = data.items.filter((t) => t !== signinTask);
        return (
          <>
            {signinTask ? (
              <SigninCard
                task={signinTask}
                busy={busy === 'signin'}
                onSignin={() => void signin()}
              />
            ) : null}
            <Section title="会员任务">
              {others.length === 0 ? (
                <EmptyState title="暂无可做的任务" hint="新任务上线后会在这里出现" />
              ) : (
                others.map((task) => (
                  <TaskItem
                    key={task.code}
                    task={task}
                    busy={busy === task.code}
                    onClaim={(t) => void claim(t)}
                  />
                ))
              )}
            </Section>
          </>
        );
      }}
    </Loadable>
  );
}

export default function TasksPage() {
  return (
    <View className="page">
      <MemberGate hint="登录后签到、做任务赚积分">{() => <TasksContent />}</MemberGate>
    </View>
  );
}
