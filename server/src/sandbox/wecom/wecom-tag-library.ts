import { randomId } from '../common/ids';
import { ERR } from './wecom-errcodes';

export interface TagRec {
  id: string;
  name: string;
  order: number;
  createTime: number;
  creator: string;
}

export interface GroupRec {
  groupId: string;
  name: string;
  order: number;
  createTime: number;
  creator: string;
  tags: TagRec[];
}

/** Who made a change: an app (by secret) or a human in the WeCom admin console. */
export const CONSOLE = 'console';

type Result<T> = { ok: T } | { errcode: number };

const newId = () => `et${randomId(30)}`;

/** The corp customer-tag library: groups of tags, at most `maxTags` tags in all. */
export class TagLibrary {
  private readonly groups: GroupRec[] = [];

  constructor(
    private readonly maxTags: number,
    private readonly nowSec: () => number,
  ) {}

  count(): number {
    return this.groups.reduce((n, g) => n + g.tags.length, 0);
  }

  list(filter: { tagIds?: string[]; groupIds?: string[] } = {}): GroupRec[] {
    // Upstream rule: when both filters are given, only group_id applies.
    if (filter.groupIds?.length)
      return this.groups.filter((g) => filter.groupIds!.includes(g.groupId));
    if (filter.tagIds?.length) {
      return this.groups
        .map((g) => ({ ...g, tags: g.tags.filter((t) => filter.tagIds!.includes(t.id)) }))
        .filter((g) => g.tags.length > 0);
    }
    return this.groups;
  }

  findTag(id: string): { group: GroupRec; tag: TagRec } | undefined {
    for (const group of this.groups) {
      const tag = group.tags.find((t) => t.id === id);
      if (tag) return { group, tag };
    }
    return undefined;
  }

  snapshot(): GroupRec[] {
    return this.groups;
  }

  restore(groups: GroupRec[]): void {
    this.groups.splice(0, this.groups.length, ...groups);
  }

  findGroup(id: string): GroupRec | undefined {
    return this.groups.find((g) => g.groupId === id);
  }

  /** add_corp_tag: into `groupId`, or into the group named `groupName` (created when missing). */
  add(
    creator: string,
    input: {
      groupId?: string;
      groupName?: string;
      order?: number;
      tags: { name: string; order?: number }[];
    },
  ): Result<{ group: GroupRec; created: TagRec[]; groupCreated: boolean }> {
    if (input.tags.length === 0) return { errcode: ERR.invalidParameter };
    if (input.tags.some((t) => !t.name || [...t.name].length > 30))
      return { errcode: ERR.invalidParameter };
    if (new Set(input.tags.map((t) => t.name)).size !== input.tags.length) {
      return { errcode: ERR.duplicateTagName };
    }
    if (this.count() + input.tags.length > this.maxTags) return { errcode: ERR.tagLimit };
    let group = input.groupId ? this.findGroup(input.groupId) : undefined;
    if (input.groupId && !group) return { errcode: ERR.invalidTagId };
    if (!group && input.groupName) group = this.groups.find((g) => g.name === input.groupName);
    if (!group && (!input.groupName || [...input.groupName].length > 30)) {
      return { errcode: ERR.invalidParameter };
    }
    if (group && input.tags.some((t) => group!.tags.some((x) => x.name === t.name))) {
      return { errcode: ERR.duplicateTagName };
    }
    const now = this.nowSec();
    const groupCreated = !group;
    if (!group) {
      group = {
        groupId: newId(),
        name: input.groupName!,
        order: input.order ?? 0,
        createTime: now,
        creator,
        tags: [],
      };
      this.groups.push(group);
    }
    const created = input.tags.map((t) => ({
      id: newId(),
      name: t.name,
      order: t.order ?? 0,
      createTime: now,
      creator,
    }));
    group.tags.push(...created);
    return { ok: { group, created, groupCreated } };
  }

  /** edit_corp_tag: `id` is a tag or a group. Apps may edit only what they created. */
  edit(
    editor: string,
    input: { id: string; name?: string; order?: number },
  ): Result<'tag' | 'tag_group'> {
    const group = this.findGroup(input.id);
    const found = group ? undefined : this.findTag(input.id);
    const target = group ?? found?.tag;
    if (!target) return { errcode: ERR.invalidTagId };
    if (editor !== CONSOLE && target.creator !== editor) return { errcode: ERR.notTagCreator };
    if (input.name !== undefined) {
      if (!input.name || [...input.name].length > 30) return { errcode: ERR.invalidParameter };
      const siblings = group
        ? this.groups.filter((g) => g !== group).map((g) => g.name)
        : found!.group.tags.filter((t) => t !== found!.tag).map((t) => t.name);
      if (siblings.includes(input.name)) {
        return { errcode: ERR.duplicateTagName };
      }
      target.name = input.name;
    }
    if (input.order !== undefined) target.order = input.order;
    return { ok: group ? 'tag_group' : 'tag' };
  }

  /** del_corp_tag: deleting a group's last tag deletes the group too. */
  delete(editor: string, input: { tagIds?: string[]; groupIds?: string[] }): Result<string[]> {
    const tagIds = input.tagIds ?? [];
    const groupIds = input.groupIds ?? [];
    if (tagIds.length === 0 && groupIds.length === 0) return { errcode: ERR.invalidParameter };
    const groups = groupIds.map((id) => this.findGroup(id));
    const tags = tagIds.map((id) => this.findTag(id));
    if (groups.some((g) => !g) || tags.some((t) => !t)) return { errcode: ERR.invalidTagId };
    const owned = (creator: string) => editor === CONSOLE || creator === editor;
    if (groups.some((g) => !g!.tags.every((t) => owned(t.creator)) || !owned(g!.creator))) {
      return { errcode: ERR.notTagCreator };
    }
    if (tags.some((t) => !owned(t!.tag.creator))) return { errcode: ERR.notTagCreator };
    const removed: string[] = [];
    for (const t of tags) {
      t!.group.tags = t!.group.tags.filter((x) => x.id !== t!.tag.id);
      removed.push(t!.tag.id);
    }
    for (let i = this.groups.length - 1; i >= 0; i--) {
      const g = this.groups[i]!;
      if (groupIds.includes(g.groupId) || g.tags.length === 0) {
        removed.push(g.groupId, ...g.tags.map((t) => t.id));
        this.groups.splice(i, 1);
      }
    }
    return { ok: removed };
  }
}
