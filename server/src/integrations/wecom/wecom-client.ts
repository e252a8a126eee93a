import type { JsapiSignature } from './jssdk-signature';

export interface ExternalContact {
  externalUserId: string;
  name: string;
  avatar: string;
  /** 1 = WeChat user, 2 = WeCom user. */
  type: number;
  gender: number;
  /** Only for WeChat users when the corp has bound an open-platform account: the OneID link. */
  unionid?: string;
  corpName?: string;
}

export interface ContactTag {
  groupName: string;
  tagName: string;
  /** 1 corp, 2 personal, 3 strategy. */
  type: number;
  tagId?: string;
}

export interface FollowUser {
  userid: string;
  remark: string;
  description: string;
  createdAt: Date;
  tags: ContactTag[];
  /** Phone numbers the consultant noted: never log. */
  remarkMobiles: string[];
  addWay: number;
  state?: string;
}

export interface ExternalContactDetail {
  contact: ExternalContact;
  followUsers: FollowUser[];
  /** Set when follow_user was paged; pass it back to get the rest. */
  nextCursor?: string;
}

/** One page of batch/get_by_user: a row per (customer, follow user) pair. */
export interface ExternalContactPage {
  items: { contact: ExternalContact; follow: FollowUser & { tagIds: string[] } }[];
  /** Null on the last page. */
  nextCursor: string | null;
}

export interface UploadedMedia {
  mediaId: string;
  createdAt: Date;
}

export interface CorpTag {
  id: string;
  name: string;
  createdAt: Date;
  order: number;
  deleted: boolean;
}

export interface CorpTagGroup {
  groupId: string;
  groupName: string;
  createdAt: Date;
  order: number;
  deleted: boolean;
  tags: CorpTag[];
}

export interface AddCorpTagInput {
  /** Add into this group, or … */
  groupId?: string;
  /** … into the group of this name, creating it when missing. */
  groupName?: string;
  order?: number;
  tags: { name: string; order?: number }[];
}

export type WelcomeAttachment =
  | {
      msgtype: 'miniprogram';
      miniprogram: { title: string; picMediaId: string; appid: string; page: string };
    }
  | { msgtype: 'image'; image: { mediaId?: string; picUrl?: string } }
  | { msgtype: 'link'; link: { title: string; url: string; picurl?: string; desc?: string } };

export interface WelcomeMessage {
  welcomeCode: string;
  text?: string;
  /** At most 9. */
  attachments?: WelcomeAttachment[];
}

export interface CorpUser {
  userid: string;
  name: string;
  store?: string;
}

/** Who opened the sidebar page: a corp member (consultant) or someone outside the corp. */
export type OAuthIdentity =
  | { kind: 'member'; userid: string }
  | { kind: 'external'; openid: string; externalUserId?: string };

/**
 * The WeCom APIs Circles uses. Failures throw `WeComApiError` (an `AppError`) with `errcode`:
 * 41051 from sendWelcomeMsg means "too late or already sent" and is final.
 */
export interface WeComClient {
  getAccessToken(app?: 'agent' | 'contact'): Promise<string>;
  getJsapiTicket(): Promise<string>;
  getAgentConfigTicket(): Promise<string>;
  /** Signature for `ww.register`'s getConfigSignature (corp jsapi ticket). */
  signJsapiConfig(url: string): Promise<JsapiSignature>;
  /** Signature for `ww.register`'s getAgentConfigSignature (agent_config ticket). */
  signAgentConfig(url: string): Promise<JsapiSignature>;
  getUserInfoByCode(code: string): Promise<OAuthIdentity>;
  /** A corp member (consultant) from the address book: name and the 门店 custom attribute. */
  getUser(userid: string): Promise<CorpUser>;
  getExternalContact(externalUserId: string, cursor?: string): Promise<ExternalContactDetail>;
  /** External userids the consultant follows; empty when none (84061). */
  listExternalContacts(userid: string): Promise<string[]>;
  /** Corp members configured for customer contact (get_follow_user_list). */
  listFollowUsers(): Promise<string[]>;
  /** Customers of up to 100 follow users, a page at a time (batch/get_by_user). */
  batchGetByUser(input: {
    userids: string[];
    cursor?: string;
    limit?: number;
  }): Promise<ExternalContactPage>;
  /** Temporary media (media/upload), valid 3 days upstream. */
  uploadMedia(input: {
    type: 'image' | 'file';
    filename: string;
    contentType: string;
    data: Buffer;
  }): Promise<UploadedMedia>;
  markTag(input: {
    userid: string;
    externalUserId: string;
    addTag?: string[];
    removeTag?: string[];
  }): Promise<void>;
  getCorpTagList(filter?: { tagIds?: string[]; groupIds?: string[] }): Promise<CorpTagGroup[]>;
  addCorpTag(input: AddCorpTagInput): Promise<CorpTagGroup>;
  editCorpTag(input: { id: string; name?: string; order?: number }): Promise<void>;
  delCorpTag(input: { tagIds?: string[]; groupIds?: string[] }): Promise<void>;
  sendWelcomeMsg(msg: WelcomeMessage): Promise<void>;
}
