import { adminApi } from './client';

export interface LoginCredentials {
  username: string;
  password: string;
}

/**
 * POST /api/admin/auth/login. The response (session token, role) is defined by the admin auth
 * issue; until its schema lands in @circles/shared the body is not interpreted here.
 */
export function login(credentials: LoginCredentials, signal?: AbortSignal): Promise<unknown> {
  return adminApi<unknown>('/auth/login', { method: 'POST', body: credentials, signal });
}
