import { SingleFlightCache } from '../weapp/single-flight-cache';
import { type JsapiSignature, signJsapi } from './jssdk-signature';
import type {
  AddCorpTagInput,
  CorpUser,
  CorpTagGroup,
  ExternalContactDetail,
  ExternalContactPage,
  OAuthIdentity,
  UploadedMedia,
  WeComClient,
  WelcomeMessage,
} from './wecom-client';
import { WECOM_ERR, WeComApiError } from './wecom-errors';
import {
  type Body,
  arr,
  num,
  str,
  toBatchItem,
  toContact,
  toFollowUser,
  toGroup,
  toWireAttachment,
} from './wecom-wire';
import { WeComTransport, type WeComTransportOptions } from './wecom-transport';

export interface HttpWeComClientOptions extends Omit<WeComTransportOptions, 'baseUrl'> {
  /** `https://qyapi.weixin.qq.com` in production; the fake's URL in sandbox mode and tests. */
  baseUrl?: string;
  agentId: number;
  /** The self-built app's secret: tickets and OAuth. */
  agentSecret: string;
  /** The secret allowed to call customer-contact APIs; defaults to `agentSecret`. */
  contactSecret?: string;
}

const WELCOME_RETRY = new Set([WECOM_ERR.welcomeBusy]);

/** `WeComClient` over HTTPS (axios). One instance per corp app; it owns the token caches. */
export class HttpWeComClient implements WeComClient {
  private readonly transport: WeComTransport;
  private readonly jsapiTicket: SingleFlightCache<string>;
  private readonly agentTicket: SingleFlightCache<string>;
  private readonly contactSecret: string;

  constructor(private readonly opts: HttpWeComClientOptions) {
    this.transport = new WeComTransport({
      ...opts,
      baseUrl: opts.baseUrl ?? 'https://qyapi.weixin.qq.com',
    });
    this.contactSecret = opts.contactSecret ?? opts.agentSecret;
    // Tickets are limited to 400/hour/corp and 100/hour/app upstream: cache them like tokens.
    this.jsapiTicket = new SingleFlightCache(() => this.fetchTicket('get_jsapi_ticket'), opts.now);
    this.agentTicket = new SingleFlightCache(
      () => this.fetchTicket('ticket/get', { type: 'agent_config' }),
      opts.now,
    );
  }

  getAccessToken(app: 'agent' | 'contact' = 'agent'): Promise<string> {
    return this.transport.token(app === 'agent' ? this.opts.agentSecret : this.contactSecret);
  }

  getJsapiTicket(): Promise<string> {
    return this.jsapiTicket.get();
  }

  getAgentConfigTicket(): Promise<string> {
    return this.agentTicket.get();
  }

  async signJsapiConfig(url: string): Promise<JsapiSignature> {
    return signJsapi(await this.jsapiTicket.get(), url, this.opts.now?.());
  }

  async signAgentConfig(url: string): Promise<JsapiSignature> {
    return signJsapi(await this.agentTicket.get(), url, this.opts.now?.());
  }

  async getUserInfoByCode(code: string): Promise<OAuthIdentity> {
    const b = await this.agent('auth/getuserinfo', 'GET', { code });
    if (typeof b.userid === 'string' && b.userid) return { kind: 'member', userid: b.userid };
    if (typeof b.openid === 'string' && b.openid) {
      const external = str(b.external_userid);
      return {
        kind: 'external',
        openid: b.openid,
        ...(external ? { externalUserId: external } : {}),
      };
    }
    throw new WeComApiError('auth/getuserinfo', -1, 'neither userid nor openid in response');
  }

  async getUser(userid: string): Promise<CorpUser> {
    const b = await this.agent('user/get', 'GET', { userid });
    const attrs = arr((b.extattr as Body | undefined)?.attrs);
    const store = attrs.find((a) => a.name === '门店');
    const value = str((store?.text as Body | undefined)?.value);
    return { userid: str(b.userid), name: str(b.name), ...(value ? { store: value } : {}) };
  }

  async getExternalContact(
    externalUserId: string,
    cursor?: string,
  ): Promise<ExternalContactDetail> {
    const params: Record<string, string> = { external_userid: externalUserId };
    if (cursor) params.cursor = cursor;
    const b = await this.contact('externalcontact/get', 'GET', params);
    const c = (b.external_contact ?? {}) as Body;
    return {
      contact: toContact(c),
      followUsers: arr(b.follow_user).map(toFollowUser),
      ...(b.next_cursor ? { nextCursor: str(b.next_cursor) } : {}),
    };
  }

  async listExternalContacts(userid: string): Promise<string[]> {
    try {
      const b = await this.contact('externalcontact/list', 'GET', { userid });
      return Array.isArray(b.external_userid) ? b.external_userid.map(str) : [];
    } catch (e) {
      if (e instanceof WeComApiError && e.errcode === WECOM_ERR.notExternalContact) return [];
      throw e;
    }
  }

  // 获取配置了客户联系功能的成员列表 (https://developer.work.weixin.qq.com/document/path/92571).
  async listFollowUsers(): Promise<string[]> {
    const b = await this.contact('externalcontact/get_follow_user_list', 'GET');
    return Array.isArray(b.follow_user) ? b.follow_user.map(str) : [];
  }

  // 批量获取客户详情 (https://developer.work.weixin.qq.com/document/path/92994): ≤ 100 userids
  // per call, limit ≤ 100, cursor paging; a read, so safe to resend.
  async batchGetByUser(input: {
    userids: string[];
    cursor?: string;
    limit?: number;
  }): Promise<ExternalContactPage> {
    const b = await this.contact(
      'externalcontact/batch/get_by_user',
      'POST',
      undefined,
      {
        userid_list: input.userids,
        ...(input.cursor ? { cursor: input.cursor } : {}),
        limit: Math.min(input.limit ?? 100, 100),
      },
      true,
    );
    return {
      items: arr(b.external_contact_list).map(toBatchItem),
      nextCursor: str(b.next_cursor) || null,
    };
  }

  // 上传临时素材 (https://developer.work.weixin.qq.com/document/path/90253): multipart field
  // "media" with filename and content type; the media_id is valid for 3 days.
  async uploadMedia(input: {
    type: 'image' | 'file';
    filename: string;
    contentType: string;
    data: Buffer;
  }): Promise<UploadedMedia> {
    const form = new FormData();
    form.append(
      'media',
      new Blob([new Uint8Array(input.data)], { type: input.contentType }),
      input.filename,
    );
    const b = await this.transport.call({
      api: 'media/upload',
      secret: this.contactSecret,
      method: 'POST',
      params: { type: input.type },
      data: form,
    });
    const mediaId = str(b.media_id);
    if (!mediaId) throw new WeComApiError('media/upload', -1, 'no media_id in response');
    return { mediaId, createdAt: new Date(num(b.created_at) * 1000) };
  }

  async markTag(input: {
    userid: string;
    externalUserId: string;
    addTag?: string[];
    removeTag?: string[];
  }): Promise<void> {
    await this.contact(
      'externalcontact/mark_tag',
      'POST',
      undefined,
      {
        userid: input.userid,
        external_userid: input.externalUserId,
        add_tag: input.addTag ?? [],
        remove_tag: input.removeTag ?? [],
      },
      true,
    );
  }

  async getCorpTagList(filter: { tagIds?: string[]; groupIds?: string[] } = {}) {
    const b = await this.contact(
      'externalcontact/get_corp_tag_list',
      'POST',
      undefined,
      {
        ...(filter.tagIds ? { tag_id: filter.tagIds } : {}),
        ...(filter.groupIds ? { group_id: filter.groupIds } : {}),
      },
      true,
    );
    return arr(b.tag_group).map(toGroup);
  }

  async addCorpTag(input: AddCorpTagInput): Promise<CorpTagGroup> {
    const b = await this.contact('externalcontact/add_corp_tag', 'POST', undefined, {
      ...(input.groupId ? { group_id: input.groupId } : {}),
      ...(input.groupName ? { group_name: input.groupName } : {}),
      ...(input.order !== undefined ? { order: input.order } : {}),
      tag: input.tags.map((t) => ({
        name: t.name,
        ...(t.order !== undefined ? { order: t.order } : {}),
      })),
      // No agentid: it is only for old third-party multi-app suites (管理企业标签), not for
      // self-built apps.
    });
    return toGroup((b.tag_group ?? {}) as Body);
  }

  async editCorpTag(input: { id: string; name?: string; order?: number }): Promise<void> {
    await this.contact('externalcontact/edit_corp_tag', 'POST', undefined, { ...input }, true);
  }

  async delCorpTag(input: { tagIds?: string[]; groupIds?: string[] }): Promise<void> {
    await this.contact(
      'externalcontact/del_corp_tag',
      'POST',
      undefined,
      {
        tag_id: input.tagIds ?? [],
        group_id: input.groupIds ?? [],
      },
      true,
    );
  }

  async sendWelcomeMsg(msg: WelcomeMessage): Promise<void> {
    await this.transport.call({
      api: 'externalcontact/send_welcome_msg',
      secret: this.contactSecret,
      method: 'POST',
      data: {
        welcome_code: msg.welcomeCode,
        ...(msg.text !== undefined ? { text: { content: msg.text } } : {}),
        ...(msg.attachments ? { attachments: msg.attachments.map(toWireAttachment) } : {}),
      },
      // 41096: another app is sending right now, worth another try; 41051 is final.
      retryOn: WELCOME_RETRY,
    });
  }

  private agent(api: string, method: 'GET' | 'POST', params?: Record<string, string>) {
    return this.transport.call({ api, secret: this.opts.agentSecret, method, params });
  }

  private contact(
    api: string,
    method: 'GET' | 'POST',
    params?: Record<string, string>,
    data?: unknown,
    idempotent = false,
  ) {
    return this.transport.call({
      api,
      secret: this.contactSecret,
      method,
      params,
      data,
      idempotent,
    });
  }

  private async fetchTicket(api: string, params?: Record<string, string>) {
    const b = await this.agent(api, 'GET', params);
    if (typeof b.ticket !== 'string') throw new WeComApiError(api, -1, 'no ticket in response');
    return { value: b.ticket, expiresIn: num(b.expires_in ?? 7200) };
  }
}
