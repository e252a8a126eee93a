export type { IdentityDoc, IdentityKind, MemberDoc, TierOverrideDoc } from './member.model';
export { MembersService } from './members.service';
export { MergeService } from './merge.service';
export type { MergeParticipant } from './merge.service';
export type { MemberScan, MemberSearch } from './members.queries';
export { buildMember360, Member360Service } from './member360.service';
export type { Member360Ports } from './member360.ports';
