import { SingleFlightCache } from '../weapp/single-flight-cache';
import { type JsapiSignature, signJsapi } from './jssdk-signature';
import type {
  AddCorpTagInput,
  CorpUser,
  CorpTagGroup,
  ExternalContactDetail,
  OAuthIdentity,
  WeComClient,
  WelcomeAttachment,
  WelcomeMessage,
} from './wecom-client';
import { WECOM_ERR, WeComApiError } from './wecom-errors';
import { type Body, WeComTransport, type WeComTransportOptions } from './wecom-transport';

export interface HttpWeComClientOptions extends Omit<WeComTransportOptions, 'baseUrl'> {
  /** `https://qyapi.weixin.qq.com` in production; the fake's URL in sandbox mode and tests. */
  baseUrl?: string;
  agentId: number;
  /** The self-built app's secret: tickets and OAuth. */
  agentSecret: string;
  /** The secret allowed to call customer-contact APIs; defaults to `agentSecret`. */
  contactSecret?: string;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : v == null ? '' : String(v));
const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v ?? 0));
const arr = (v: unknown): Body[] => (Array.isArray(v) ? (v as Body[]) : []);
const date = (v: unknown): Date => new Date(num(v) * 1000);

function toGroup(g: Body): CorpTagGroup {
  return {
    groupId: str(g.group_id),
    groupName: str(g.group_name),
    createdAt: date(g.create_time),
    order: num(g.order),
    deleted: g.deleted === true,
    tags: arr(g.tag).map((t) => ({
      id: str(t.id),
      name: str(t.name),
      createdAt: date(t.create_time),
      order: num(t.order),
      deleted: t.deleted === true,
    })),
  };
}

function toWireAttachment(a: WelcomeAttachment): Body {
  if (a.msgtype === 'miniprogram') {
    const m = a.miniprogram;
    return {
      msgtype: 'miniprogram',
      miniprogram: { title: m.title, pic_media_id: m.picMediaId, appid: m.appid, page: m.page },
    };
  }
  if (a.msgtype === 'image') {
    return { msgtype: 'image', image: { media_id: a.image.mediaId, pic_url: a.image.picUrl } };
  }
  return { msgtype: 'link', link: a.link };
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
      contact: {
        externalUserId: str(c.external_userid),
        name: str(c.name),
        avatar: str(c.avatar),
        type: num(c.type),
        gender: num(c.gender),
        ...(c.unionid ? { unionid: str(c.unionid) } : {}),
        ...(c.corp_name ? { corpName: str(c.corp_name) } : {}),
      },
      followUsers: arr(b.follow_user).map((f) => ({
        userid: str(f.userid),
        remark: str(f.remark),
        description: str(f.description),
        createdAt: date(f.createtime),
        tags: arr(f.tags).map((t) => ({
          groupName: str(t.group_name),
          tagName: str(t.tag_name),
          type: num(t.type),
          ...(t.tag_id ? { tagId: str(t.tag_id) } : {}),
        })),
        remarkMobiles: arr(f.remark_mobiles).map(str),
        addWay: num(f.add_way),
        ...(f.state ? { state: str(f.state) } : {}),
      })),
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
      agentid: this.opts.agentId,
    });
    return toGroup((b.tag_group ?? {}) as Body);
  }

  async editCorpTag(input: { id: string; name?: string; order?: number }): Promise<void> {
    await this.contact(
      'externalcontact/edit_corp_tag',
      'POST',
      undefined,
      {
        ...input,
        agentid: this.opts.agentId,
      },
      true,
    );
  }

  async delCorpTag(input: { tagIds?: string[]; groupIds?: string[] }): Promise<void> {
    await this.contact(
      'externalcontact/del_corp_tag',
      'POST',
      undefined,
      {
        tag_id: input.tagIds ?? [],
        group_id: input.groupIds ?? [],
        agentid: this.opts.agentId,
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
