import { type AdminLoginResponse, adminAuthRoutes, type ResponseOf } from '@circles/shared';
import { call } from './client';

export interface LoginCredentials {
  username: string;
  password: string;
}

export function login(
  credentials: LoginCredentials,
  signal?: AbortSignal,
): Promise<AdminLoginResponse> {
  return call(adminAuthRoutes.login, { body: credentials, signal });
}

export function fetchMe(signal?: AbortSignal): Promise<ResponseOf<typeof adminAuthRoutes.me>> {
  return call(adminAuthRoutes.me, { signal });
}

/** Ends every session of the account on the server (token version bump). */
export function logout(): Promise<unknown> {
  return call(adminAuthRoutes.logout);
}
