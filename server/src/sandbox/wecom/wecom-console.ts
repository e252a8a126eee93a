import { AppError } from '../../lib/errors';
import type { Clock } from '../common/clock';
import { randomId } from '../common/ids';
import type { CallbackDelivery, CallbackSender } from './callback-sender';
import type { ExternalContactRec, ReceivedWelcome } from './wecom-directory';
import type { FakeWeComState, OAuthSubject } from './wecom-fake-state';
import { CONSOLE, type GroupRec } from './wecom-tag-library';

type Pair = { userid: string; externalUserId: string };

export interface ContactState {
  contact: ExternalContactRec;
  followUsers: {
    userid: string;
    remark: string;
    state?: string;
    deletedByCustomer: boolean;
    tags: { id: string; groupName: string; name: string }[];
  }[];
  welcomeMessages: ReceivedWelcome[];
}

function refused<T>(r: { ok: T } | { errcode: number }): T {
  if ('errcode' in r) {
    throw new AppError(
      'conflict',
      'SANDBOX_REJECTED',
      `WeCom refused the change (errcode ${r.errcode})`,
      {
        errcode: r.errcode,
      },
    );
  }
  return r.ok;
}

/**
 * What happens on the people side of WeCom — customers adding and deleting consultants, staff
 * editing tags in the admin console — each firing the callback WeCom fires. Changes made
 * through the API fire nothing, as upstream.
 */
export class WeComConsole {
  constructor(
    private readonly s: FakeWeComState,
    private readonly sender: CallbackSender,
  ) {}

  setCallbackUrl(url: string | undefined): void {
    this.sender.setUrl(url);
  }

  createConsultant(input: { userid: string; name: string; store?: string }) {
    return this.s.directory.addConsultant(input);
  }

  listConsultants() {
    return [...this.s.directory.consultants.values()];
  }

  /** The consultant's current customers (for the sandbox sidebar picker), newest first. */
  customersOf(userid: string) {
    const d = this.s.directory;
    d.consultant(userid);
    return d
      .followedBy(userid)
      .filter((f) => !f.deletedByCustomer)
      .sort((a, b) => b.createTime - a.createTime)
      .map((f) => ({ externalUserId: f.externalUserId, name: d.contact(f.externalUserId).name }));
  }

  createExternalContact(input: Partial<ExternalContactRec> & { name: string }) {
    return this.s.directory.addContact(input);
  }

  issueOAuthCode(subject: OAuthSubject): string {
    return this.s.issueOAuthCode(subject);
  }

  /** The customer adds the consultant; fires add_external_contact (with a WelcomeCode). */
  customerAddsConsultant(
    input: Pair & {
      state?: string;
      withWelcomeCode?: boolean;
      half?: boolean;
      addWay?: number;
      /** false: the relation exists with no callback (added before Circles, or the push lost). */
      callback?: boolean;
    },
  ): { welcomeCode?: string; delivery?: CallbackDelivery } {
    const d = this.s.directory;
    d.consultant(input.userid);
    d.contact(input.externalUserId);
    const existing = d.follow(input.userid, input.externalUserId);
    if (existing && !existing.deletedByCustomer) {
      throw new AppError(
        'conflict',
        'SANDBOX_CONFLICT',
        'the customer already follows this consultant',
      );
    }
    d.setFollow({
      ...input,
      remark: existing?.remark ?? '',
      description: existing?.description ?? '',
      createTime: this.s.nowSec(),
      tagIds: existing?.tagIds ?? new Set(),
      addWay: input.addWay ?? 1,
      deletedByCustomer: false,
    });
    if (input.callback === false) return {};
    let welcomeCode: string | undefined;
    if (input.withWelcomeCode !== false) {
      welcomeCode = randomId(43);
      d.welcomeCodes.set(welcomeCode, {
        code: welcomeCode,
        ...input,
        issuedAt: this.s.clock.now(),
        used: false,
      });
    }
    const delivery = this.contactEvent(
      input.half ? 'add_half_external_contact' : 'add_external_contact',
      input,
      { State: input.state, WelcomeCode: welcomeCode },
    );
    return { welcomeCode, delivery };
  }

  /** The customer deletes the consultant (WeCom keeps a one-sided relation): del_follow_user. */
  customerDeletesConsultant(input: Pair): CallbackDelivery {
    this.s.directory.requireFollow(input.userid, input.externalUserId).deletedByCustomer = true;
    this.s.directory.closeWelcome(input.userid, input.externalUserId);
    return this.contactEvent('del_follow_user', input);
  }

  /** The consultant deletes the customer: del_external_contact (none with `callback: false`). */
  consultantDeletesCustomer(input: Pair & { callback?: boolean }): CallbackDelivery | undefined {
    this.s.directory.requireFollow(input.userid, input.externalUserId);
    this.s.directory.removeFollow(input.userid, input.externalUserId);
    this.s.directory.closeWelcome(input.userid, input.externalUserId);
    if (input.callback === false) return undefined;
    return this.contactEvent('del_external_contact', input);
  }

  /**
   * 在职继承 completed (the customer did not refuse within 24 h): the handover's relation goes
   * with del_external_contact Source=DELETE_BY_TRANSFER, the taker gets add_external_contact.
   */
  transferCustomer(input: {
    handoverUserid: string;
    takeoverUserid: string;
    externalUserId: string;
  }): void {
    const d = this.s.directory;
    const from = d.requireFollow(input.handoverUserid, input.externalUserId);
    d.consultant(input.takeoverUserid);
    d.removeFollow(input.handoverUserid, input.externalUserId);
    d.setFollow({ ...from, userid: input.takeoverUserid, createTime: this.s.nowSec() });
    const handover = { userid: input.handoverUserid, externalUserId: input.externalUserId };
    this.contactEvent('del_external_contact', handover, { Source: 'DELETE_BY_TRANSFER' });
    this.contactEvent('add_external_contact', {
      userid: input.takeoverUserid,
      externalUserId: input.externalUserId,
    });
  }

  /** The transfer did not happen: transfer_fail, UserID = the taker (客户接替失败事件). */
  transferFails(input: {
    takeoverUserid: string;
    externalUserId: string;
    reason: 'customer_refused' | 'customer_limit_exceed';
  }): CallbackDelivery {
    return this.contactEvent(
      'transfer_fail',
      { userid: input.takeoverUserid, externalUserId: input.externalUserId },
      { FailReason: input.reason },
    );
  }

  /** Once they chat, the welcome code is dead (41051). */
  startChat(input: Pair): void {
    this.s.directory.requireFollow(input.userid, input.externalUserId);
    this.s.directory.closeWelcome(input.userid, input.externalUserId);
  }

  /** A consultant tags the customer in the WeCom client: edit_external_contact. */
  consoleMarkTags(input: Pair & { addTag?: string[]; removeTag?: string[] }): CallbackDelivery {
    const follow = this.s.directory.requireFollow(input.userid, input.externalUserId);
    const ids = [...(input.addTag ?? []), ...(input.removeTag ?? [])];
    const unknown = ids.find((id) => !this.s.tags.findTag(id));
    if (unknown) throw new AppError('not_found', 'NOT_FOUND', `tag ${unknown} not found`);
    for (const id of input.addTag ?? []) follow.tagIds.add(id);
    for (const id of input.removeTag ?? []) follow.tagIds.delete(id);
    return this.contactEvent('edit_external_contact', input);
  }

  consoleSetRemark(input: Pair & { remark: string; description?: string }): CallbackDelivery {
    const follow = this.s.directory.requireFollow(input.userid, input.externalUserId);
    follow.remark = input.remark;
    if (input.description !== undefined) follow.description = input.description;
    return this.contactEvent('edit_external_contact', input);
  }

  /** Admin console: new tag group (or tags into the group of that name). */
  consoleCreateTags(input: {
    groupName?: string;
    groupId?: string;
    tags: string[];
    order?: number;
  }) {
    const r = refused(
      this.s.tags.add(CONSOLE, { ...input, tags: input.tags.map((name) => ({ name })) }),
    );
    if (r.groupCreated) this.tagEvent(r.group.groupId, 'tag_group', 'create');
    else for (const t of r.created) this.tagEvent(t.id, 'tag', 'create');
    return r.group;
  }

  consoleEditTag(input: { id: string; name?: string; order?: number }): void {
    const kind = refused(this.s.tags.edit(CONSOLE, input));
    this.tagEvent(input.id, kind, 'update');
  }

  consoleDeleteTags(input: { tagIds?: string[]; groupIds?: string[] }): void {
    const removed = refused(this.s.tags.delete(CONSOLE, input));
    this.s.directory.forgetTags(removed);
    for (const id of input.groupIds ?? []) this.tagEvent(id, 'tag_group', 'delete');
    for (const id of input.tagIds ?? []) this.tagEvent(id, 'tag', 'delete');
  }

  tagGroups(): GroupRec[] {
    return this.s.tags.list();
  }

  contactState(externalUserId: string): ContactState {
    const contact = this.s.directory.contact(externalUserId);
    return {
      contact,
      followUsers: this.s.directory.followsOf(externalUserId).map((f) => ({
        userid: f.userid,
        remark: f.remark,
        ...(f.state ? { state: f.state } : {}),
        deletedByCustomer: f.deletedByCustomer,
        tags: [...f.tagIds].flatMap((id) => {
          const found = this.s.tags.findTag(id);
          return found ? [{ id, groupName: found.group.name, name: found.tag.name }] : [];
        }),
      })),
      welcomeMessages: this.s.directory.receivedWelcomes(externalUserId),
    };
  }

  callbacks(): CallbackDelivery[] {
    return this.sender.deliveries;
  }

  /** Resolves when every callback sent so far has been delivered or given up. */
  idle(): Promise<void> {
    return this.sender.idle();
  }

  expireAccessTokens(): number {
    return this.s.credentials.expireAll();
  }

  invalidateAccessTokens(): number {
    return this.s.credentials.invalidateAll();
  }

  /** Tests freeze WeCom's time (token expiry, the 20 s welcome window) with a manual clock. */
  useClock(clock: Clock): void {
    this.s.useClock(clock);
  }

  injectError(api: string, errcode: number, times = 1): void {
    this.s.errors.inject(api, errcode, times);
  }

  private base(event: string): Record<string, string | number> {
    return {
      ToUserName: this.s.corpId,
      FromUserName: 'sys',
      CreateTime: this.s.nowSec(),
      MsgType: 'event',
      Event: event,
    };
  }

  private contactEvent(
    changeType: string,
    pair: Pair,
    extra: Record<string, string | undefined> = {},
  ): CallbackDelivery {
    const event: Record<string, string | number> = {
      ...this.base('change_external_contact'),
      ChangeType: changeType,
      UserID: pair.userid,
      ExternalUserID: pair.externalUserId,
    };
    for (const [k, v] of Object.entries(extra)) if (v !== undefined) event[k] = v;
    return this.sender.send(event);
  }

  private tagEvent(id: string, tagType: 'tag' | 'tag_group', changeType: string): CallbackDelivery {
    return this.sender.send({
      ...this.base('change_external_tag'),
      Id: id,
      TagType: tagType,
      ChangeType: changeType,
    });
  }
}
