import type { Core } from '../../core';
import type { CorpTagGroup, WeComClient } from '../../integrations/wecom/wecom-client';
import { type CorpTagDoc, SYSTEM_GROUPS, type SystemGroup, type TagModels } from './tags.model';

export interface LibraryGroup {
  groupId: string;
  groupName: string;
  system: SystemGroup | null;
  tags: { tagId: string; name: string }[];
}

const SYSTEM_BY_NAME = new Map(
  Object.entries(SYSTEM_GROUPS).map(([group, name]) => [name, group as SystemGroup]),
);

/** Other instances see a console change within this long (this one at once). */
const CACHE_MS = 30_000;

export const systemGroupOf = (groupName: string): SystemGroup | null =>
  SYSTEM_BY_NAME.get(groupName) ?? null;

/** The corp tag library mirrored from WeCom; system tags are created in WeCom on first use. */
export class CorpTagLibrary {
  /** The library changes rarely (console edits, new system values): every sidebar open reads it. */
  private cache: { until: number; groups: LibraryGroup[] } | null = null;

  constructor(
    private readonly core: Core,
    private readonly m: TagModels,
    private readonly client: WeComClient | null,
  ) {}

  /** Full resync (get_corp_tag_list): upserts every tag, marks the vanished ones deleted. */
  async syncAll(): Promise<{ tags: number; deleted: number }> {
    if (!this.client) return { tags: 0, deleted: 0 };
    const groups = await this.client.getCorpTagList();
    const seen = await this.upsertGroups(groups);
    const gone = await this.m.CorpTag.updateMany(
      { tagId: { $nin: [...seen] }, deleted: false },
      { $set: { deleted: true, syncedAt: this.core.clock.now() } },
    );
    // Tags deleted in WeCom are gone from every customer there, so drop them here too.
    const deleted = await this.m.CorpTag.find({ deleted: true }, { tagId: 1 }).lean();
    this.cache = null;
    if (deleted.length > 0) {
      await this.m.CustomerTag.deleteMany({
        source: 'wecom',
        tagId: { $in: deleted.map((t) => t.tagId) },
      });
    }
    return { tags: seen.size, deleted: gone.modifiedCount };
  }

  private async upsertGroups(groups: CorpTagGroup[]): Promise<Set<string>> {
    this.cache = null;
    const now = this.core.clock.now();
    const seen = new Set<string>();
    const ops = groups.flatMap((g) =>
      g.tags.map((t) => {
        if (!g.deleted && !t.deleted) seen.add(t.id);
        return {
          updateOne: {
            filter: { tagId: t.id },
            update: {
              $set: {
                name: t.name,
                order: t.order,
                groupId: g.groupId,
                groupName: g.groupName,
                groupOrder: g.order,
                deleted: g.deleted || t.deleted,
                syncedAt: now,
              },
            },
            upsert: true,
          },
        };
      }),
    );
    if (ops.length > 0) await this.m.CorpTag.bulkWrite(ops, { ordered: false });
    return seen;
  }

  async known(tagIds: string[]): Promise<Map<string, CorpTagDoc>> {
    const rows = await this.m.CorpTag.find({ tagId: { $in: tagIds }, deleted: false }).lean();
    return new Map(rows.map((r) => [r.tagId, r]));
  }

  /** Live tags grouped for display, system groups flagged (cached briefly per process). */
  async groups(): Promise<LibraryGroup[]> {
    const now = Date.now();
    if (this.cache && this.cache.until > now) return this.cache.groups;
    const groups = await this.loadGroups();
    this.cache = { until: now + CACHE_MS, groups };
    return groups;
  }

  private async loadGroups(): Promise<LibraryGroup[]> {
    const rows = await this.m.CorpTag.find({ deleted: false })
      .sort({ groupOrder: -1, groupName: 1, order: -1, name: 1 }) // WeCom lists larger `order` first
      .lean();
    const out = new Map<string, LibraryGroup>();
    for (const r of rows) {
      let g = out.get(r.groupId);
      if (!g) {
        g = {
          groupId: r.groupId,
          groupName: r.groupName,
          system: systemGroupOf(r.groupName),
          tags: [],
        };
        out.set(r.groupId, g);
      }
      g.tags.push({ tagId: r.tagId, name: r.name });
    }
    return [...out.values()];
  }

  /** The tag id for a system value, adding the tag (and its group) in WeCom when missing. */
  async ensureSystemTag(group: SystemGroup, value: string): Promise<string | null> {
    const groupName = SYSTEM_GROUPS[group];
    const found = await this.m.CorpTag.findOne({ groupName, name: value, deleted: false }).lean();
    if (found) return found.tagId;
    if (!this.client) return null;
    const existingGroup = await this.m.CorpTag.findOne({ groupName, deleted: false }).lean();
    const created = await this.client.addCorpTag(
      existingGroup
        ? { groupId: existingGroup.groupId, tags: [{ name: value }] }
        : { groupName, tags: [{ name: value }] },
    );
    await this.upsertGroups([created]);
    const tag = created.tags.find((t) => t.name === value && !t.deleted);
    return tag?.id ?? null;
  }
}
