// Tells pages further down the page stack (still mounted) that their data changed, e.g. the
// wallet page under the top-up page, so going back shows the new balance without a pull.
export type Topic = 'wallet' | 'membership' | 'perks';

const listeners = new Map<Topic, Set<() => void>>();

/** Returns the unsubscribe function (use as a useEffect cleanup). */
export function onChange(topic: Topic, listener: () => void): () => void {
  const set = listeners.get(topic) ?? new Set();
  set.add(listener);
  listeners.set(topic, set);
  return () => {
    set.delete(listener);
  };
}

export function notifyChange(...topics: Topic[]): void {
  for (const topic of topics) for (const listener of listeners.get(topic) ?? []) listener();
}
