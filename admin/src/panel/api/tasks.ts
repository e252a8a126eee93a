import type { adminTaskRoutes, BodyOf, ResponseOf, TaskDefView } from '@circles/shared';
import { adminApi } from './client';

export type { TaskDefView };
export type TaskInput = BodyOf<typeof adminTaskRoutes.create>;

export const listTasks = (signal?: AbortSignal) =>
  adminApi<ResponseOf<typeof adminTaskRoutes.list>>('/tasks', { signal });

export const createTask = (body: TaskInput) =>
  adminApi<TaskDefView>('/tasks', { method: 'POST', body });

export const updateTask = (code: string, body: TaskInput) =>
  adminApi<TaskDefView>(`/tasks/${encodeURIComponent(code)}`, { method: 'PUT', body });

export const archiveTask = (code: string) =>
  adminApi<TaskDefView>(`/tasks/${encodeURIComponent(code)}`, { method: 'DELETE' });
