import type { AdminRole } from '@circles/shared';

/** Sections of the panel; each page and each write action belongs to one. */
export type Area =
  | 'dashboard'
  | 'members'
  | 'tiers'
  | 'events'
  | 'tasks'
  | 'circles'
  | 'referrals'
  | 'tags'
  | 'consultants'
  | 'payments'
  | 'audit';

const ALL: readonly AdminRole[] = ['admin', 'ops', 'analyst', 'consultant-manager'];
const PROGRAMME: readonly AdminRole[] = ['admin', 'ops', 'analyst'];

/** Who sees a section in the menu (and may open it). */
const VIEW: Record<Area, readonly AdminRole[]> = {
  dashboard: ALL,
  members: ALL,
  tiers: PROGRAMME,
  events: PROGRAMME,
  tasks: PROGRAMME,
  circles: PROGRAMME,
  referrals: PROGRAMME,
  tags: ALL,
  consultants: ALL,
  payments: PROGRAMME,
  audit: PROGRAMME,
};

/**
 * Who gets save buttons in a section. Analysts never do: the server refuses every change
 * from them anyway; hiding the buttons only spares them a pointless 403.
 */
const WRITE: Record<Area, readonly AdminRole[]> = {
  dashboard: ['admin', 'ops'],
  members: ['admin', 'ops'],
  tiers: ['admin', 'ops'],
  events: ['admin', 'ops'],
  tasks: ['admin', 'ops'],
  circles: ['admin', 'ops'],
  referrals: ['admin', 'ops'],
  tags: ['admin', 'ops'],
  consultants: ['admin', 'ops', 'consultant-manager'],
  payments: ['admin', 'ops'],
  audit: [],
};

export const ROLE_LABELS: Record<AdminRole, string> = {
  admin: '管理员',
  ops: '运营',
  analyst: '分析师（只读）',
  'consultant-manager': '导购主管',
};

export function canView(role: AdminRole | undefined, area: Area): boolean {
  return role !== undefined && VIEW[area].includes(role);
}

export function canWrite(role: AdminRole | undefined, area: Area): boolean {
  return role !== undefined && WRITE[area].includes(role);
}
