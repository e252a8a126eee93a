import type { Logger } from './logger';

/** Per-request state every middleware and handler can rely on. */
export interface RequestState {
  requestId: string;
  log: Logger;
  /** The exact request body bytes as text (signatures are computed over it). */
  rawBody?: string;
  /** Parsed JSON body, when the request carried one. */
  body?: unknown;
  /** Set by the auth middlewares. */
  auth?: AuthContext;
}

export type AuthContext =
  | { kind: 'member'; memberId: string; memberNo: string }
  | { kind: 'admin'; adminId: string; username: string; role: string }
  | { kind: 'consultant'; consultantId: string; userId: string }
  | { kind: 'integration'; keyId: string };

declare module 'koa' {
  interface DefaultState extends RequestState {}
}
