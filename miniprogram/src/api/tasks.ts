import type { ResponseOf, taskRoutes } from '@circles/shared';
import { request } from './request';

export type MemberTask = ResponseOf<typeof taskRoutes.claim>;
type TaskList = ResponseOf<typeof taskRoutes.list>;

export const tasksApi = {
  list: () => request<TaskList>('/api/mp/tasks'),
  signin: () => request<TaskList>('/api/mp/tasks/signin', { method: 'POST' }),
  /** Once per period; a replay answers the same, so a retry is safe. */
  claim: (code: string) =>
    request<MemberTask>(`/api/mp/tasks/${encodeURIComponent(code)}/claim`, { method: 'POST' }),
};
