import type { Core } from '../../core';
import { requirePorts } from '../../lib/ports';
import type { SpineServices } from '../spine';
import { type MemberCodePorts, MemberCodeService } from './member-code.service';

export { registerMemberCodeRoutes } from './member-code.routes';
export type { MemberCodePorts } from './member-code.service';
export { MemberCodeService };

export interface MemberCodeServices {
  memberCodes: MemberCodeService;
}

/** 会员码 at the till; needs the points and wallet balances it shows. */
export function buildMemberCode(
  core: Core,
  spine: Pick<SpineServices, 'members' | 'tiers'>,
  ports: MemberCodePorts,
): MemberCodeServices {
  requirePorts('member-code', ports, ['points', 'wallet']);
  return { memberCodes: new MemberCodeService(core, spine.members, spine.tiers, ports) };
}
