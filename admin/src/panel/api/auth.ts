import type { AdminLoginResponse, ResponseOf, adminAuthRoutes } from '@circles/shared';
import { adminApi } from './client';

export interface LoginCredentials {
  username: string;
  password: string;
}

export function login(
  credentials: LoginCredentials,
  signal?: AbortSignal,
): Promise<AdminLoginResponse> {
  return adminApi<AdminLoginResponse>('/auth/login', {
    method: 'POST',
    body: credentials,
    signal,
  });
}

export function fetchMe(signal?: AbortSignal) {
  return adminApi<ResponseOf<typeof adminAuthRoutes.me>>('/auth/me', { signal });
}

/** Ends every session of the account on the server (token version bump). */
export function logout(): Promise<unknown> {
  return adminApi('/auth/logout', { method: 'POST' });
}
