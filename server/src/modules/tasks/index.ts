import type { Core } from '../../core';
import type { RewardPayer } from '../engagement';
import type { OrderDoc } from '../orders';
import type { SpineServices } from '../spine';
import { SharesService } from './shares.service';
import type { CircleIdsPort } from './tasks.service';
import { TasksService } from './tasks.service';

export { registerTaskRoutes } from './tasks.routes';
export { SharesService, TasksService };

export interface TaskServices {
  tasks: TasksService;
  shares: SharesService;
}

/** Builds the task services and hooks them onto orders and merges. */
export function buildTasks(
  core: Core,
  spine: SpineServices,
  rewards: RewardPayer,
  circles: CircleIdsPort,
): TaskServices {
  const tasks = new TasksService(core, spine.members, rewards, circles);
  const shares = new SharesService(core, tasks);
  // `bulk`: the import runs hooks over a whole batch; the task list is then read once.
  spine.orders.onPaid(
    'tasks.spend',
    Object.assign((order: OrderDoc) => tasks.onOrderPaid(order), {
      bulk: (pairs: Parameters<TasksService['onOrdersPaid']>[0]) => tasks.onOrdersPaid(pairs),
    }),
  );
  spine.merges.register(tasks.mergeParticipant());
  return { tasks, shares };
}
