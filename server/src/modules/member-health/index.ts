import type { Core } from '../../core';
import { requirePorts } from '../../lib/ports';
import { memberHealthModels } from './member-health.model';
import { MemberHealthService } from './member-health.service';
import type { MemberHealthPorts } from './ports';

export { registerMemberHealthRoutes } from './member-health.routes';
export { DEFAULT_MEMBER_HEALTH, isoWeekStart, MemberHealthService } from './member-health.service';
export type { MemberHealthPorts } from './ports';

export interface MemberHealthServices {
  memberHealth: MemberHealthService;
}

/** 会员健康度: measured after each value run (the caller hooks `measure`). */
export function buildMemberHealth(core: Core, ports: MemberHealthPorts): MemberHealthServices {
  requirePorts('member-health', ports, [
    'value',
    'alerts',
    'members',
    'circles',
    'orders',
    'consultants',
    'perks',
    'touches',
  ]);
  return {
    memberHealth: new MemberHealthService(memberHealthModels(core.conn), core.clock, ports),
  };
}
