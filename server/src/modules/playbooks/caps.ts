import {
  DAY_MS,
  nextAllowedTouch,
  type PlaybookSettings,
  type PlaybookStepType,
} from '@circles/shared';
import { isDuplicateKey } from '../../lib/mongo-errors';
import type { PlaybookModels, RunDoc } from './playbooks.model';

/**
 * The frequency caps across all playbooks. A touch is recorded before its side effect under
 * the key of the step (`<run>:<seq>`), so a retried step finds it and is not counted twice.
 * Two runs touching one member at the same moment would both pass a read-then-write check, so
 * it is optimistic: insert first, then count the touches before this one (by time, then key);
 * a touch beyond the cap removes itself and the step is deferred.
 */
export class Touches {
  constructor(private readonly m: PlaybookModels) {}

  /** True when this step may touch the member now; else when to try again. */
  async take(
    run: RunDoc,
    kind: PlaybookStepType,
    now: Date,
    s: PlaybookSettings,
  ): Promise<true | Date> {
    const _id = `${run._id}:${run.seq}`;
    try {
      await this.m.Touch.create({
        _id,
        memberId: run.memberId,
        playbookId: run.playbookId,
        kind,
        at: now,
      });
    } catch (err) {
      // Already recorded by an earlier attempt of this very step: it was allowed then.
      if (!isDuplicateKey(err)) throw err;
      return true;
    }
    const recent = await this.recent(run, now);
    const mine = recent.findIndex((t) => t._id === _id);
    const before = recent.slice(0, mine).map((t) => t.at);
    const allowed = nextAllowedTouch(now, before, s);
    if (allowed.getTime() <= now.getTime()) return true;
    await this.m.Touch.deleteOne({ _id });
    return allowed;
  }

  /** The member's touches of the last 30 days, oldest first (ties by key). */
  private recent(run: RunDoc, now: Date) {
    return this.m.Touch.find(
      { memberId: run.memberId, at: { $gt: new Date(now.getTime() - 30 * DAY_MS), $lte: now } },
      { at: 1 },
    )
      .sort({ at: 1, _id: 1 })
      .lean();
  }
}
