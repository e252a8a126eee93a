import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { useCallback, useEffect, useRef, useState } from 'react';

export interface Remote<T> {
  data: T | undefined;
  error: unknown;
  /** True on the first load only; a reload keeps showing the old data. */
  loading: boolean;
  reload(): Promise<void>;
}

/**
 * Loads data for a page section. `enabled: false` (e.g. a guest) skips the call and clears
 * the data; a reload whose answer arrives after a newer one started is dropped.
 */
export function useRemote<T>(
  load: () => Promise<T>,
  deps: readonly unknown[],
  enabled = true,
): Remote<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [loading, setLoading] = useState(enabled);
  const seq = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  const reload = useCallback(async () => {
    const mine = ++seq.current;
    try {
      const value = await loadRef.current();
      if (mine !== seq.current) return;
      setData(value);
      setError(undefined);
    } catch (err) {
      if (mine !== seq.current) return;
      setError(err);
    } finally {
      if (mine === seq.current) setLoading(false);
    }
  }, []);

  useEffect(() => {
    if (!enabled) {
      seq.current++;
      setData(undefined);
      setError(undefined);
      setLoading(false);
      return;
    }
    setLoading(true);
    void reload();
  }, [enabled, reload, ...deps]);

  return { data, error, loading, reload };
}

/** Pull-to-refresh for a page (needs `enablePullDownRefresh: true` in its config). */
export function usePullRefresh(refresh: () => Promise<unknown>): void {
  usePullDownRefresh(() => {
    void refresh().finally(() => Taro.stopPullDownRefresh());
  });
}
