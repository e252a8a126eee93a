import {
  PLAYBOOK_TEMPLATES,
  type PlaybookDefinition,
  type PlaybookDefinitionInput,
  type PlaybookSettings,
  playbookDefinition,
  playbookSettings,
} from '@circles/shared';
import type { Core } from '../../core';
import { AppError } from '../../lib/errors';
import { isDuplicateKey } from '../../lib/mongo-errors';
import type { Types } from 'mongoose';
import type { PlaybookDoc, PlaybookModels, PlaybookStatus } from './playbooks.model';
import type { PlaybookPorts } from './ports';

/** Allowed status moves (draft → active ⇄ paused → stopped; stopped is final). */
const MOVES: Record<string, PlaybookStatus[]> = {
  activate: ['draft', 'paused'],
  pause: ['active'],
  resume: ['paused'],
  stop: ['draft', 'active', 'paused'],
};
const TARGET: Record<string, PlaybookStatus> = {
  activate: 'active',
  pause: 'paused',
  resume: 'active',
  stop: 'stopped',
};
export type PlaybookMove = keyof typeof TARGET;

/** Playbook definitions, their versions and their status. */
export class PlaybooksService {
  private settingsCache: PlaybookSettings | null = null;
  /** Told about every status move (the executor's status cache drops the entry). */
  onMove: (id: string) => void = () => {};

  constructor(
    private readonly core: Core,
    private readonly m: PlaybookModels,
    private readonly ports: Pick<PlaybookPorts, 'audience' | 'perks'>,
  ) {}

  list(): Promise<PlaybookDoc[]> {
    return this.m.Playbook.find({}).sort({ createdAt: 1 }).lean();
  }

  async require(id: string): Promise<PlaybookDoc> {
    const doc = await this.m.Playbook.findById(id).lean();
    if (!doc) throw AppError.of('PLAYBOOK_NOT_FOUND', `没有编号为 ${id} 的运营剧本`);
    return doc;
  }

  /** Creates a draft, from a definition or as a copy of a template. */
  async create(id: string, input: PlaybookDefinitionInput, templateId: string | null = null) {
    const definition = await this.checked(
      input,
      templateId ? 'body.templateId' : 'body.definition',
    );
    const now = this.core.clock.now();
    try {
      await this.m.Playbook.create({
        _id: id,
        status: 'draft',
        version: 1,
        definition,
        templateId,
        activatedAt: null,
        createdAt: now,
        updatedAt: now,
      });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      throw AppError.of('PLAYBOOK_ID_TAKEN', `运营剧本编号 ${id} 已存在`, {
        fields: [{ path: 'body.id', message: '编号已存在' }],
      });
    }
    await this.m.Version.create({
      _id: `${id}:1`,
      playbookId: id,
      version: 1,
      definition,
      createdAt: now,
    });
    return this.require(id);
  }

  copyTemplate(templateId: string, id: string) {
    const t = PLAYBOOK_TEMPLATES.find((x) => x.id === templateId);
    if (!t) throw AppError.of('PLAYBOOK_NOT_FOUND', `没有编号为 ${templateId} 的剧本模板`);
    return this.create(id, t.definition, t.id);
  }

  /** An edit is a new version; runs already going finish on the version they started on. */
  async update(id: string, input: PlaybookDefinitionInput): Promise<PlaybookDoc> {
    const current = await this.require(id);
    if (current.status === 'stopped') {
      throw AppError.of('PLAYBOOK_STATE', '已停止的剧本不能再编辑，请复制一份');
    }
    const definition = await this.checked(input, 'body.definition');
    const version = current.version + 1;
    const now = this.core.clock.now();
    // The version document first: a run may start on `version` the moment the playbook says so.
    await this.m.Version.updateOne(
      { _id: `${id}:${version}` },
      { $setOnInsert: { playbookId: id, version, definition, createdAt: now } },
      { upsert: true },
    );
    const res = await this.m.Playbook.updateOne(
      { _id: id, version: current.version },
      { $set: { definition, version, updatedAt: now } },
    );
    if (res.matchedCount === 0)
      throw AppError.of('PLAYBOOK_STATE', '剧本刚被其他人修改，请刷新后重试');
    return this.require(id);
  }

  /** Moves the status; runs follow (paused runs wait, stopped runs end). */
  async move(id: string, move: PlaybookMove): Promise<PlaybookDoc> {
    const from = MOVES[move];
    if (!from) throw AppError.of('PLAYBOOK_STATE', `未知操作 ${move}`);
    const now = this.core.clock.now();
    const set: Record<string, unknown> = { status: TARGET[move], updatedAt: now };
    if (move === 'activate') set.activatedAt = now;
    const res = await this.m.Playbook.updateOne({ _id: id, status: { $in: from } }, { $set: set });
    this.onMove(id);
    if (res.matchedCount === 0) {
      const doc = await this.require(id);
      throw AppError.of(
        'PLAYBOOK_STATE',
        `剧本当前为「${STATUS_TEXT[doc.status]}」，不能${MOVE_TEXT[move]}`,
      );
    }
    if (move === 'pause') {
      await this.m.Run.updateMany(
        { playbookId: id, status: 'waiting' },
        { $set: { status: 'paused' } },
      );
    } else if (move === 'resume' || move === 'activate') {
      await this.m.Run.updateMany(
        { playbookId: id, status: 'paused' },
        { $set: { status: 'waiting' } },
      );
    } else if (move === 'stop') {
      await this.m.Run.updateMany(
        { playbookId: id, status: { $in: ['waiting', 'paused'] } },
        { $set: { status: 'done', outcome: 'stopped', endedAt: now } },
      );
    }
    return this.require(id);
  }

  async definition(playbookId: string, version: number): Promise<PlaybookDefinition> {
    const v = await this.m.Version.findById(`${playbookId}:${version}`).lean();
    if (!v) throw new Error(`playbook ${playbookId} has no version ${version}`);
    return v.definition;
  }

  async settings(): Promise<PlaybookSettings> {
    if (this.settingsCache) return this.settingsCache;
    const doc = await this.m.Settings.findById('settings').lean();
    this.settingsCache = playbookSettings.parse(doc ?? {});
    return this.settingsCache;
  }

  async saveSettings(s: PlaybookSettings): Promise<PlaybookSettings> {
    await this.m.Settings.updateOne(
      { _id: 'settings' },
      { $set: { ...s, updatedAt: this.core.clock.now() } },
      { upsert: true },
    );
    this.settingsCache = null;
    return this.settings();
  }

  /** Each member's latest playbook touch (the health diagnosis shows who was last reached). */
  async lastTouchesOf(
    ids: Types.ObjectId[],
  ): Promise<Map<string, { at: Date; kind: string; playbookId: string }>> {
    const rows = await this.m.Touch.aggregate<{
      _id: Types.ObjectId;
      at: Date;
      kind: string;
      playbookId: string;
    }>([
      { $match: { memberId: { $in: ids } } },
      { $sort: { memberId: 1, at: -1 } },
      {
        $group: {
          _id: '$memberId',
          at: { $first: '$at' },
          kind: { $first: '$kind' },
          playbookId: { $first: '$playbookId' },
        },
      },
    ]);
    return new Map(rows.map((r) => [String(r._id), r]));
  }

  /**
   * Parses and checks that the circle and perks it names exist: a 400 naming the field the
   * way validation errors do (`body.definition.steps.1.perkCode`; a template's own fields
   * are reported on `body.templateId`).
   */
  private async checked(input: PlaybookDefinitionInput, at: string): Promise<PlaybookDefinition> {
    const def = playbookDefinition.parse(input);
    const refuse = (path: string, message: string) =>
      AppError.of('PLAYBOOK_TARGET_UNKNOWN', message, {
        fields: [{ path: at === 'body.templateId' ? at : `${at}.${path}`, message }],
      });
    if (!(await this.ports.audience.exists(def.trigger.circleId))) {
      throw refuse('trigger.circleId', `圈层 ${def.trigger.circleId} 不存在或已归档`);
    }
    for (const [i, s] of def.steps.entries()) {
      if (s.type === 'grant_perk' && !(await this.ports.perks.exists(s.perkCode))) {
        throw refuse(`steps.${i}.perkCode`, `权益 ${s.perkCode} 不存在或已下架`);
      }
    }
    return def;
  }
}

export const STATUS_TEXT: Record<PlaybookStatus, string> = {
  draft: '草稿',
  active: '运行中',
  paused: '已暂停',
  stopped: '已停止',
};
const MOVE_TEXT: Record<string, string> = {
  activate: '启用',
  pause: '暂停',
  resume: '恢复',
  stop: '停止',
};
