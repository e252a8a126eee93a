import { type DependencyList, useCallback, useEffect, useState } from 'react';
import { ApiError, CLIENT_ERROR_CODES } from '../api/client';

export interface ApiData<T> {
  data: T | undefined;
  error: ApiError | null;
  loading: boolean;
  reload: () => void;
  /** Replaces the data with a fresher copy (a save's answer) without refetching. */
  setData: (data: T) => void;
}

/**
 * Loads `load` when `deps` change (aborting the previous request) and on `reload`. Keeps the
 * last data while reloading, so tables don't flash empty between pages.
 */
export function useApiData<T>(
  load: (signal: AbortSignal) => Promise<T>,
  deps: DependencyList,
): ApiData<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(true);
  const [attempt, setAttempt] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller's deps decide reloads
  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    load(controller.signal).then(
      (value) => {
        setData(value);
        setError(null);
        setLoading(false);
      },
      (err: unknown) => {
        if (controller.signal.aborted) return;
        setError(
          err instanceof ApiError ? err : new ApiError(0, CLIENT_ERROR_CODES.NETWORK, String(err)),
        );
        setLoading(false);
      },
    );
    return () => controller.abort();
  }, [...deps, attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { data, error, loading, reload, setData };
}
