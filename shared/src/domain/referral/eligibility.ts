/** `wxa/getwxacodeunlimit` scene: at most 32 chars of this set (no `%`). */
const SCENE_RE = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]{1,32}$/;
export const isValidScene = (s: string): boolean => SCENE_RE.test(s);

/** Invite codes: 8 chars without look-alikes (0/O, 1/I/L), safe in a QR scene and when read out. */
export const INVITE_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const INVITE_CODE_RE = /^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$/;

export const REFERRAL_REJECTIONS = [
  'self_invite',
  'already_bound',
  'cycle',
  'existing_member',
  'identity_seen',
  'cap_reached',
] as const;
export type ReferralRejection = (typeof REFERRAL_REJECTIONS)[number];

export interface BindingFacts {
  inviterId: string;
  inviteeId: string;
  code: string;
  /** The scene/code the invitee's member record was created with (set at first login only). */
  inviteeFirstScene: string | null;
  /** Orders already on record: a customer who has bought is not a new friend. */
  inviteeOrderCount: number;
  /** The invitee already has an inviter. */
  alreadyBound: boolean;
  /** The inviter's own inviters, nearest first. */
  inviterAncestors: readonly string[];
  /** One of the invitee's phone/unionid was already seen on another member's referral. */
  identitySeen: boolean;
  inviterBoundThisMonth: number;
  monthlyCap: number;
}

/** The first rule a binding breaks, or null when the invitee may be bound to the inviter. */
export function bindingRejection(f: BindingFacts): ReferralRejection | null {
  if (f.inviterId === f.inviteeId) return 'self_invite';
  if (f.alreadyBound) return 'already_bound';
  if (f.inviterAncestors.includes(f.inviteeId)) return 'cycle';
  if (f.inviteeFirstScene !== f.code || f.inviteeOrderCount > 0) return 'existing_member';
  if (f.identitySeen) return 'identity_seen';
  if (f.inviterBoundThisMonth >= f.monthlyCap) return 'cap_reached';
  return null;
}
