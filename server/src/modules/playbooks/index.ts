import { performance } from 'node:perf_hooks';
import type { PlaybookDefinition } from '@circles/shared';
import { Types } from 'mongoose';
import type { Core } from '../../core';
import { requirePorts } from '../../lib/ports';
import type { Platform } from '../../platform';
import { PlaybookExecutor } from './executor';
import { playbookModels } from './playbooks.model';
import { PlaybooksService } from './playbooks.service';
import type { PlaybookPorts } from './ports';
import { type Paid, PlaybookRuns } from './runs.service';

export { registerPlaybookRoutes } from './playbooks.routes';
export { playbookView } from './views';
export type { PlaybookPorts } from './ports';
export { PlaybookExecutor, PlaybookRuns, PlaybooksService };
export { newRun } from './runs.service';
export { seedPlaybookTemplates } from './playbooks.seed';

const TICK = 'playbooks.tick';

/** Enrolment over every active playbook, then execution of whatever is due. */
export class PlaybookScheduler {
  constructor(
    private readonly playbooks: PlaybooksService,
    private readonly runs: PlaybookRuns,
    private readonly executor: PlaybookExecutor,
  ) {}

  async enrollAll(): Promise<number> {
    let n = 0;
    for (const p of await this.playbooks.list()) n += await this.runs.enroll(p);
    return n;
  }

  /** The per-minute tick: due runs only (one indexed range scan when nothing is due). */
  async tick(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.executor.tick(1_000);
      total += n;
      if (n < 1_000) return total;
    }
  }
}

export interface PlaybookServices {
  playbooks: PlaybooksService;
  playbookRuns: PlaybookRuns;
  playbookExecutor: PlaybookExecutor;
  playbookScheduler: PlaybookScheduler & { queue(delayMs?: number): Promise<void> };
}

export interface PlaybookWiring extends PlaybookPorts {
  /** orders.onPaid: purchases are the goal most playbooks stop on. */
  /** orders.onPaid, one order or an import's batch at a time. */
  onPaid(name: string, hook: (paid: Paid[]) => Promise<void>): void;
}

export function buildPlaybooks(
  core: Core,
  platform: Platform,
  ports: PlaybookWiring,
): PlaybookServices {
  requirePorts('playbooks', ports, [
    'audience',
    'perks',
    'points',
    'messages',
    'tags',
    'consultants',
    'orders',
    'members',
    'tiers',
    'signals',
    'onPaid',
  ]);
  const m = playbookModels(core.conn);
  const playbooks = new PlaybooksService(core, m, ports);
  const runs = new PlaybookRuns(core, m, ports);
  // A status read per step would dominate a 100k-member run: statuses are cached for a
  // second (a pause also moves the waiting runs themselves), versions forever (immutable).
  const statuses = new Map<string, { at: number; status: Promise<string | null> }>();
  const statusOf = (id: string) => {
    const hit = statuses.get(id);
    if (hit && performance.now() - hit.at < 1_000) return hit.status;
    const status = m.Playbook.findById(id, { status: 1 })
      .lean()
      .then((p) => p?.status ?? null);
    statuses.set(id, { at: performance.now(), status });
    return status;
  };
  const versions = new Map<string, Promise<PlaybookDefinition>>();
  const definitionOf = (id: string, v: number) => {
    const key = `${id}:${v}`;
    if (!versions.has(key)) versions.set(key, playbooks.definition(id, v));
    return versions.get(key)!;
  };
  const executor = new PlaybookExecutor(
    core,
    m,
    ports,
    () => playbooks.settings(),
    definitionOf,
    statusOf,
  );
  playbooks.onMove = (id) => statuses.delete(id);
  const scheduler = new PlaybookScheduler(playbooks, runs, executor);
  const queue = (delayMs = 0) => platform.queue.schedule(TICK, TICK, delayMs);
  platform.queue.handle(TICK, async () => {
    await scheduler.enrollAll();
    await scheduler.tick();
  });
  ports.onPaid('playbooks.goal', (paid) =>
    runs.purchased(paid, async () => {
      const goals = new Map((await playbooks.list()).map((p) => [p._id, p.definition.goal]));
      return (id) => goals.get(id) === 'purchase';
    }),
  );
  platform.domainEvents.subscribe('tier.changed', 'playbooks.tier', async (p) => {
    const [from, to] = await Promise.all([
      ports.tiers.rankOf(String(p.from)),
      ports.tiers.rankOf(String(p.to)),
    ]);
    if (from === null || to === null || from === to) return;
    const change = {
      memberId: new Types.ObjectId(String(p.memberId)),
      version: Number(p.version),
      direction: to > from ? ('up' as const) : ('down' as const),
    };
    for (const id of await runs.tierChanged(change, await playbooks.list())) {
      await executor.runNow(id);
    }
  });
  platform.domainEvents.subscribe('followup.done', 'playbooks.task', async (p) => {
    const runId = await runs.taskDone(String(p.followUpId), String(p.outcome) || '已完成');
    if (runId) await executor.runNow(runId);
  });
  return {
    playbooks,
    playbookRuns: runs,
    playbookExecutor: executor,
    playbookScheduler: Object.assign(scheduler, { queue }),
  };
}
