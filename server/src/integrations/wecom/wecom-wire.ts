import type {
  CorpTagGroup,
  ExternalContact,
  ExternalContactPage,
  FollowUser,
  WelcomeAttachment,
} from './wecom-client';

export type Body = Record<string, unknown>;

export const str = (v: unknown): string => (typeof v === 'string' ? v : v == null ? '' : String(v));
export const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v ?? 0));
export const arr = (v: unknown): Body[] => (Array.isArray(v) ? (v as Body[]) : []);
export const date = (v: unknown): Date => new Date(num(v) * 1000);

export function toGroup(g: Body): CorpTagGroup {
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

export function toWireAttachment(a: WelcomeAttachment): Body {
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

export function toContact(c: Body): ExternalContact {
  return {
    externalUserId: str(c.external_userid),
    name: str(c.name),
    avatar: str(c.avatar),
    type: num(c.type),
    gender: num(c.gender),
    ...(c.unionid ? { unionid: str(c.unionid) } : {}),
    ...(c.corp_name ? { corpName: str(c.corp_name) } : {}),
  };
}

export function toFollowUser(f: Body): FollowUser {
  return {
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
  };
}

/** One row of batch/get_by_user: the contact and one follow user (`follow_info`, tag ids only). */
export function toBatchItem(row: Body): ExternalContactPage['items'][number] {
  const f = (row.follow_info ?? {}) as Body;
  return {
    contact: toContact((row.external_contact ?? {}) as Body),
    follow: {
      ...toFollowUser({ ...f, tags: [] }),
      tagIds: Array.isArray(f.tag_id) ? f.tag_id.map(str) : [],
    },
  };
}
