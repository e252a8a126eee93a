import { type FakeRequest, jsonObject } from '../common/loopback-server';
import type { ApiResult } from './wecom-fake-api';
import type { FakeApp } from './wecom-credentials';
import { ERR } from './wecom-errcodes';
import type { FakeWeComState } from './wecom-fake-state';
import { liveMedia } from './wecom-media';
import type { GroupRec } from './wecom-tag-library';

type Body = Record<string, unknown>;
type Handler = (s: FakeWeComState, app: FakeApp, req: FakeRequest, body: Body) => ApiResult;

const ok = (body: Body = {}): Body => ({ errcode: 0, errmsg: 'ok', ...body });
const strings = (v: unknown): string[] | undefined =>
  Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : undefined;

function groupJson(g: GroupRec, tags = g.tags): Body {
  return {
    group_id: g.groupId,
    group_name: g.name,
    create_time: g.createTime,
    order: g.order,
    deleted: false,
    tag: tags.map((t) => ({
      id: t.id,
      name: t.name,
      create_time: t.createTime,
      order: t.order,
      deleted: false,
    })),
  };
}

const get: Handler = (s, _app, req) => {
  const id = req.query.get('external_userid') ?? '';
  const contact = s.directory.contacts.get(id);
  const follows = s.directory.followsOf(id);
  if (!contact || follows.length === 0) return { errcode: ERR.notExternalContact };
  return ok({
    external_contact: {
      external_userid: contact.externalUserId,
      name: contact.name,
      avatar: contact.avatar,
      type: contact.type,
      gender: contact.gender,
      ...(contact.type === 1 && contact.unionid && s.unionidBound
        ? { unionid: contact.unionid }
        : {}),
      ...(contact.type === 2 && contact.corpName ? { corp_name: contact.corpName } : {}),
    },
    follow_user: follows.map((f) => ({
      userid: f.userid,
      remark: f.remark,
      description: f.description,
      createtime: f.createTime,
      tags: [...f.tagIds].flatMap((tagId) => {
        const found = s.tags.findTag(tagId);
        return found
          ? [{ group_name: found.group.name, tag_name: found.tag.name, type: 1, tag_id: tagId }]
          : [];
      }),
      remark_mobiles: [],
      add_way: f.addWay,
      ...(f.state ? { state: f.state } : {}),
    })),
  });
};

const list: Handler = (s, _app, req) => {
  const userid = req.query.get('userid') ?? '';
  if (!s.directory.consultants.has(userid)) return { errcode: ERR.userNotFound };
  const ids = s.directory.followedBy(userid).map((f) => f.externalUserId);
  return ids.length === 0 ? { errcode: ERR.notExternalContact } : ok({ external_userid: ids });
};

const markTag: Handler = (s, _app, _req, b) => {
  const add = strings(b.add_tag ?? []);
  const remove = strings(b.remove_tag ?? []);
  if (!add || !remove || typeof b.userid !== 'string' || typeof b.external_userid !== 'string') {
    return { errcode: ERR.invalidParameter };
  }
  if (add.length === 0 && remove.length === 0) return { errcode: ERR.invalidParameter };
  if (!s.directory.consultants.has(b.userid)) return { errcode: ERR.userNotFound };
  const follow = s.directory.follow(b.userid, b.external_userid);
  if (!follow) return { errcode: ERR.notExternalContact };
  if ([...add, ...remove].some((id) => !s.tags.findTag(id))) return { errcode: ERR.invalidTagId };
  for (const id of add) follow.tagIds.add(id);
  for (const id of remove) follow.tagIds.delete(id);
  return ok(); // changes made through the API produce no callback
};

const tagList: Handler = (s, _app, _req, b) => {
  const groups = s.tags.list({ tagIds: strings(b.tag_id), groupIds: strings(b.group_id) });
  return ok({ tag_group: groups.map((g) => groupJson(g)) });
};

/**
 * 管理企业标签: `agentid` is "仅旧的第三方多应用套件需要填此参数". What WeCom does with it from
 * a self-built app is not documented, so the fake refuses it: a client that sends it fails here.
 */
const selfBuilt =
  (handle: Handler): Handler =>
  (s, app, req, b) =>
    b.agentid === undefined ? handle(s, app, req, b) : { errcode: ERR.invalidAgentId };

const addTag: Handler = (s, app, _req, b) => {
  const tags = Array.isArray(b.tag) ? (b.tag as Body[]) : [];
  const r = s.tags.add(app.key, {
    groupId: typeof b.group_id === 'string' ? b.group_id : undefined,
    groupName: typeof b.group_name === 'string' ? b.group_name : undefined,
    order: typeof b.order === 'number' ? b.order : undefined,
    tags: tags.map((t) => ({
      name: typeof t.name === 'string' ? t.name : '',
      order: typeof t.order === 'number' ? t.order : undefined,
    })),
  });
  if ('errcode' in r) return r;
  return ok({ tag_group: groupJson(r.ok.group, r.ok.created) });
};

const editTag: Handler = (s, app, _req, b) => {
  if (typeof b.id !== 'string') return { errcode: ERR.invalidParameter };
  const r = s.tags.edit(app.key, {
    id: b.id,
    name: typeof b.name === 'string' ? b.name : undefined,
    order: typeof b.order === 'number' ? b.order : undefined,
  });
  return 'errcode' in r ? r : ok();
};

const delTag: Handler = (s, app, _req, b) => {
  const r = s.tags.delete(app.key, { tagIds: strings(b.tag_id), groupIds: strings(b.group_id) });
  if ('errcode' in r) return r;
  s.directory.forgetTags(r.ok);
  return ok();
};

/**
 * 获取配置了客户联系功能的成员列表 (https://developer.work.weixin.qq.com/document/path/92571).
 * Every consultant of the fake has the customer-contact function.
 */
const followUsers: Handler = (s) => ok({ follow_user: [...s.directory.consultants.keys()] });

const cursorOf = (users: string[], offset: number) =>
  Buffer.from(`${offset}:${users.join(',')}`).toString('base64url');

/**
 * 批量获取客户详情 (https://developer.work.weixin.qq.com/document/path/92994): userid_list of
 * 1–100 users, limit ≤ 100 (default 50, larger taken as 100), next_cursor until the last page.
 * Unknown users and a cursor from another userid_list are refused (_stricter than documented_).
 */
const batchByUser: Handler = (s, _app, _req, b) => {
  const users = strings(b.userid_list);
  if (!users || users.length === 0 || users.length > 100) return { errcode: ERR.invalidParameter };
  if (users.some((u) => !s.directory.consultants.has(u))) return { errcode: ERR.userNotFound };
  const limit = b.limit === undefined ? 50 : Number(b.limit);
  if (!Number.isInteger(limit) || limit < 1) return { errcode: ERR.invalidParameter };
  let offset = 0;
  if (typeof b.cursor === 'string' && b.cursor) {
    const [o, list] = Buffer.from(b.cursor, 'base64url').toString('utf8').split(':');
    offset = Number(o);
    if (list !== users.join(',') || !Number.isInteger(offset)) {
      return { errcode: ERR.invalidParameter };
    }
  }
  const all = users.flatMap((u) =>
    s.directory
      .followedBy(u)
      .sort(
        (x, y) => x.createTime - y.createTime || (x.externalUserId < y.externalUserId ? -1 : 1),
      ),
  );
  const page = all.slice(offset, offset + Math.min(limit, 100));
  const end = offset + page.length;
  return ok({
    external_contact_list: page.map((f) => {
      const c = s.directory.contact(f.externalUserId);
      return {
        external_contact: {
          external_userid: c.externalUserId,
          name: c.name,
          avatar: c.avatar,
          type: c.type,
          gender: c.gender,
          ...(c.type === 1 && c.unionid && s.unionidBound ? { unionid: c.unionid } : {}),
          ...(c.type === 2 && c.corpName ? { corp_name: c.corpName } : {}),
        },
        follow_info: {
          userid: f.userid,
          remark: f.remark,
          description: f.description,
          createtime: f.createTime,
          tag_id: [...f.tagIds],
          remark_mobiles: [],
          add_way: f.addWay,
          ...(f.state ? { state: f.state } : {}),
        },
      };
    }),
    next_cursor: end < all.length ? cursorOf(users, end) : '',
  });
};

/** Attachments must name live media; one bad attachment fails the whole message (40007). */
function badAttachment(s: FakeWeComState, attachments: unknown[]): number | undefined {
  for (const a of attachments as Body[]) {
    if (a?.msgtype === 'miniprogram') {
      const m = (a.miniprogram ?? {}) as Body;
      const fields = [m.title, m.pic_media_id, m.appid, m.page];
      if (!fields.every((v) => typeof v === 'string' && v)) return ERR.invalidParameter;
      if (!liveMedia(s, m.pic_media_id, 'image')) return ERR.invalidMediaId;
    } else if (a?.msgtype === 'image') {
      const img = (a.image ?? {}) as Body;
      if (img.media_id !== undefined && !liveMedia(s, img.media_id, 'image')) {
        return ERR.invalidMediaId;
      }
      if (img.media_id === undefined && typeof img.pic_url !== 'string')
        return ERR.invalidParameter;
    } else if (a?.msgtype !== 'link' && a?.msgtype !== 'video' && a?.msgtype !== 'file') {
      return ERR.invalidParameter;
    }
  }
  return undefined;
}

const welcome: Handler = (s, _app, _req, b) => {
  const code = typeof b.welcome_code === 'string' ? b.welcome_code : '';
  const text = (b.text as Body | undefined)?.content;
  const attachments = b.attachments === undefined ? [] : b.attachments;
  if (!code || !Array.isArray(attachments)) return { errcode: ERR.invalidParameter };
  if (text !== undefined && (typeof text !== 'string' || Buffer.byteLength(text) > 4000)) {
    return { errcode: ERR.invalidParameter };
  }
  if (text === undefined && attachments.length === 0) return { errcode: ERR.invalidParameter };
  if (attachments.length > 9) return { errcode: ERR.invalidParameter };
  const rec = s.directory.welcomeCodes.get(code);
  if (!rec || rec.used || s.clock.now() - rec.issuedAt > s.welcomeWindowMs) {
    return { errcode: ERR.welcomeCodeUsed };
  }
  const bad = badAttachment(s, attachments);
  if (bad !== undefined) return { errcode: bad }; // the code stays usable for another try
  rec.used = true;
  s.directory.recordWelcome(rec.externalUserId, {
    fromUserid: rec.userid,
    codeIssuedAt: rec.issuedAt,
    ...(typeof text === 'string' ? { text } : {}),
    attachments,
    sentAt: new Date(s.clock.now()),
  });
  return ok();
};

const HANDLERS: Record<string, { method: 'GET' | 'POST'; handle: Handler }> = {
  'externalcontact/get': { method: 'GET', handle: get },
  'externalcontact/list': { method: 'GET', handle: list },
  'externalcontact/get_follow_user_list': { method: 'GET', handle: followUsers },
  'externalcontact/batch/get_by_user': { method: 'POST', handle: batchByUser },
  'externalcontact/mark_tag': { method: 'POST', handle: markTag },
  'externalcontact/get_corp_tag_list': { method: 'POST', handle: tagList },
  'externalcontact/add_corp_tag': { method: 'POST', handle: selfBuilt(addTag) },
  'externalcontact/edit_corp_tag': { method: 'POST', handle: selfBuilt(editTag) },
  'externalcontact/del_corp_tag': { method: 'POST', handle: selfBuilt(delTag) },
  'externalcontact/send_welcome_msg': { method: 'POST', handle: welcome },
};

/** The customer-contact APIs; `undefined` for paths the fake does not implement. */
export function handleContactApi(
  s: FakeWeComState,
  app: FakeApp,
  api: string,
  req: FakeRequest,
): ApiResult | undefined {
  const route = HANDLERS[api];
  if (!route) return undefined;
  if (!app.contactApis) return { errcode: ERR.noPermission };
  if (route.method === 'GET') return route.handle(s, app, req, {});
  const body = jsonObject(req.body);
  return body ? route.handle(s, app, req, body) : { errcode: ERR.jsonError };
}
