import { AppError } from '../../lib/errors';
import { randomId } from '../common/ids';

export interface Consultant {
  userid: string;
  name: string;
  /** The store, as a custom member attribute (extattr 门店) in the WeCom address book. */
  store?: string;
}

export interface ExternalContactRec {
  externalUserId: string;
  name: string;
  avatar: string;
  type: 1 | 2;
  gender: 0 | 1 | 2;
  unionid?: string;
  corpName?: string;
}

export interface FollowRec {
  userid: string;
  externalUserId: string;
  remark: string;
  description: string;
  createTime: number;
  tagIds: Set<string>;
  addWay: number;
  state?: string;
  /** The customer deleted the consultant; WeCom keeps the one-sided relation. */
  deletedByCustomer: boolean;
}

export interface WelcomeCodeRec {
  code: string;
  userid: string;
  externalUserId: string;
  issuedAt: number;
  used: boolean;
}

export interface ReceivedWelcome {
  fromUserid: string;
  /** When the add event issued the welcome code (fake clock, ms): latency = sentAt − this. */
  codeIssuedAt: number;
  text?: string;
  attachments: unknown[];
  sentAt: Date;
}

const key = (userid: string, externalUserId: string) => `${userid}|${externalUserId}`;
const notFound = (what: string) => new AppError('not_found', 'NOT_FOUND', `${what} not found`);

/** Members, external contacts, who follows whom, welcome codes and what customers received. */
export class WeComDirectory {
  readonly consultants = new Map<string, Consultant>();
  readonly contacts = new Map<string, ExternalContactRec>();
  private readonly follows = new Map<string, FollowRec>();
  readonly welcomeCodes = new Map<string, WelcomeCodeRec>();
  readonly welcomes = new Map<string, ReceivedWelcome[]>();

  addConsultant(c: Consultant): Consultant {
    if (this.consultants.has(c.userid)) {
      throw new AppError('conflict', 'SANDBOX_CONFLICT', `consultant ${c.userid} exists`);
    }
    this.consultants.set(c.userid, c);
    return c;
  }

  addContact(input: Partial<ExternalContactRec> & { name: string }): ExternalContactRec {
    const rec: ExternalContactRec = {
      externalUserId: input.externalUserId ?? `wm${randomId(30)}`,
      name: input.name,
      avatar: input.avatar ?? '',
      type: input.type ?? 1,
      gender: input.gender ?? 0,
      ...(input.unionid ? { unionid: input.unionid } : {}),
      ...(input.corpName ? { corpName: input.corpName } : {}),
    };
    if (this.contacts.has(rec.externalUserId)) {
      throw new AppError('conflict', 'SANDBOX_CONFLICT', 'external contact exists');
    }
    this.contacts.set(rec.externalUserId, rec);
    return rec;
  }

  consultant(userid: string): Consultant {
    const c = this.consultants.get(userid);
    if (!c) throw notFound(`consultant ${userid}`);
    return c;
  }

  contact(externalUserId: string): ExternalContactRec {
    const c = this.contacts.get(externalUserId);
    if (!c) throw notFound(`external contact ${externalUserId}`);
    return c;
  }

  follow(userid: string, externalUserId: string): FollowRec | undefined {
    return this.follows.get(key(userid, externalUserId));
  }

  requireFollow(userid: string, externalUserId: string): FollowRec {
    const f = this.follow(userid, externalUserId);
    if (!f) throw notFound('follow relation');
    return f;
  }

  setFollow(rec: FollowRec): void {
    this.follows.set(key(rec.userid, rec.externalUserId), rec);
  }

  removeFollow(userid: string, externalUserId: string): void {
    this.follows.delete(key(userid, externalUserId));
  }

  followsOf(externalUserId: string): FollowRec[] {
    return [...this.follows.values()].filter((f) => f.externalUserId === externalUserId);
  }

  followedBy(userid: string): FollowRec[] {
    return [...this.follows.values()].filter((f) => f.userid === userid);
  }

  /** Drops a deleted tag from every relation, as WeCom does. */
  forgetTags(ids: string[]): void {
    for (const f of this.follows.values()) for (const id of ids) f.tagIds.delete(id);
  }

  /** Kills open welcome codes for the pair (used, expired or the chat began). */
  closeWelcome(userid: string, externalUserId: string): void {
    for (const w of this.welcomeCodes.values()) {
      if (w.userid === userid && w.externalUserId === externalUserId) w.used = true;
    }
  }

  receivedWelcomes(externalUserId: string): ReceivedWelcome[] {
    return this.welcomes.get(externalUserId) ?? [];
  }

  recordWelcome(externalUserId: string, w: ReceivedWelcome): void {
    this.welcomes.set(externalUserId, [...this.receivedWelcomes(externalUserId), w]);
  }

  /** What survives a sandbox restart: people and relations (codes and welcomes are transient). */
  snapshot(): DirectorySnapshot {
    return {
      consultants: [...this.consultants.values()],
      contacts: [...this.contacts.values()],
      follows: [...this.follows.values()].map((f) => ({ ...f, tagIds: [...f.tagIds] })),
    };
  }

  restore(snap: DirectorySnapshot): void {
    for (const c of snap.consultants) this.consultants.set(c.userid, c);
    for (const c of snap.contacts) this.contacts.set(c.externalUserId, c);
    for (const f of snap.follows) this.setFollow({ ...f, tagIds: new Set(f.tagIds) });
  }
}

export interface DirectorySnapshot {
  consultants: Consultant[];
  contacts: ExternalContactRec[];
  follows: (Omit<FollowRec, 'tagIds'> & { tagIds: string[] })[];
}
