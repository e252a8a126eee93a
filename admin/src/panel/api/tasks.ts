import { adminTaskRoutes, type BodyOf, type TaskDefView } from '@circles/shared';
import { call } from './client';

export type { TaskDefView };
export type TaskInput = BodyOf<typeof adminTaskRoutes.create>;

export const listTasks = (signal?: AbortSignal) => call(adminTaskRoutes.list, { signal });

export const createTask = (body: TaskInput): Promise<TaskDefView> =>
  call(adminTaskRoutes.create, { body });

export const updateTask = (code: string, body: TaskInput): Promise<TaskDefView> =>
  call(adminTaskRoutes.update, { params: { code }, body });

export const archiveTask = (code: string): Promise<TaskDefView> =>
  call(adminTaskRoutes.archive, { params: { code } });
