import { type FakeRequest, jsonObject } from '../common/loopback-server';
import type { ApiResult } from './wecom-fake-api';
import type { FakeApp } from './wecom-credentials';
import { ERR } from './wecom-errcodes';
import type { FakeWeComState } from './wecom-fake-state';
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
  rec.used = true;
  s.directory.recordWelcome(rec.externalUserId, {
    fromUserid: rec.userid,
    ...(typeof text === 'string' ? { text } : {}),
    attachments,
    sentAt: new Date(s.clock.now()),
  });
  return ok();
};

const HANDLERS: Record<string, { method: 'GET' | 'POST'; handle: Handler }> = {
  'externalcontact/get': { method: 'GET', handle: get },
  'externalcontact/list': { method: 'GET', handle: list },
  'externalcontact/mark_tag': { method: 'POST', handle: markTag },
  'externalcontact/get_corp_tag_list': { method: 'POST', handle: tagList },
  'externalcontact/add_corp_tag': { method: 'POST', handle: addTag },
  'externalcontact/edit_corp_tag': { method: 'POST', handle: editTag },
  'externalcontact/del_corp_tag': { method: 'POST', handle: delTag },
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
