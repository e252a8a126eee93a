import type { Core } from '../../container';
import type { RewardPayer } from '../engagement/rewards';
import type { SpineServices } from '../spine';
import { SharesService } from './shares.service';
import { TasksService } from './tasks.service';

export { registerTaskRoutes } from './tasks.routes';
export { SharesService, TasksService };

export interface TaskServices {
  tasks: TasksService;
  shares: SharesService;
}

/** Builds the task services and hooks them onto orders and merges. */
export function buildTasks(core: Core, spine: SpineServices, rewards: RewardPayer): TaskServices {
  const tasks = new TasksService(core, spine.members, rewards);
  const shares = new SharesService(core, tasks);
  spine.orders.onPaid.push((order) => tasks.onOrderPaid(order));
  spine.merges.register(tasks.mergeParticipant());
  return { tasks, shares };
}
