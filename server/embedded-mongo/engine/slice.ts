import { performance } from 'node:perf_hooks';

/**
 * Long reads and snapshot writes run in slices of at most this much CPU time, letting other
 * connections' commands (and the lock heartbeat) run in between.
 */
export const SLICE_MS = 8;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A time budget: `due()` says when the current slice is spent, `pause()` yields the loop. */
export class Slicer {
  private deadline = performance.now() + SLICE_MS;

  due(): boolean {
    return performance.now() >= this.deadline;
  }

  async pause(): Promise<void> {
    await nextTurn();
    this.deadline = performance.now() + SLICE_MS;
  }
}

/**
 * Work written as a generator that yields between units; the yields are where it may pause.
 * Run with `runSync` (at one instant, e.g. inside a write) or `runSliced` (across turns).
 */
export type Work<T> = Generator<void, T, void>;

export function runSync<T>(work: Work<T>): T {
  for (;;) {
    const step = work.next();
    if (step.done) return step.value;
  }
}

/** Runs work in slices. The first slice starts synchronously, before this returns. */
export async function runSliced<T>(work: Work<T>): Promise<T> {
  const slicer = new Slicer();
  for (;;) {
    const step = work.next();
    if (step.done) return step.value;
    if (slicer.due()) await slicer.pause();
  }
}
