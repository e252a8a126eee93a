import { useCallback, useEffect, useState } from 'react';
import { ApiError, CLIENT_ERROR_CODES, requestJson } from './http';

/** GET /healthz, answered by the server for both the panel and the sidebar. */
export interface Health {
  status: 'ok' | 'degraded';
  database: { state: string };
}

function isHealth(value: unknown): value is Health {
  if (typeof value !== 'object' || value === null) return false;
  const { status, database } = value as { status?: unknown; database?: { state?: unknown } };
  return (
    (status === 'ok' || status === 'degraded') &&
    typeof database === 'object' &&
    database !== null &&
    typeof database.state === 'string'
  );
}

export async function fetchHealth(signal?: AbortSignal): Promise<Health> {
  const body = await requestJson<unknown>('/healthz', { signal, okStatuses: [503] });
  if (!isHealth(body)) {
    throw new ApiError(200, CLIENT_ERROR_CODES.BAD_RESPONSE, '健康检查返回了无法识别的数据');
  }
  return body;
}

const DATABASE_STATE_LABELS: Record<string, string> = {
  connected: '已连接',
  connecting: '连接中',
  disconnected: '未连接',
  disconnecting: '断开中',
  unavailable: '不可用',
};

export function databaseStateLabel(state: string): string {
  return DATABASE_STATE_LABELS[state] ?? state;
}

export type HealthState =
  | { phase: 'loading' }
  | { phase: 'ready'; health: Health }
  | { phase: 'error'; error: ApiError };

/** Loads /healthz on mount; `reload` re-checks (e.g. a retry button). */
export function useHealth(): { state: HealthState; reload: () => void } {
  const [state, setState] = useState<HealthState>({ phase: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    // `attempt` only exists to re-run this effect on reload.
    void attempt;
    const controller = new AbortController();
    setState({ phase: 'loading' });
    fetchHealth(controller.signal).then(
      (health) => setState({ phase: 'ready', health }),
      (err: unknown) => {
        if (controller.signal.aborted) return;
        const error =
          err instanceof ApiError ? err : new ApiError(0, CLIENT_ERROR_CODES.NETWORK, String(err));
        setState({ phase: 'error', error });
      },
    );
    return () => controller.abort();
  }, [attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { state, reload };
}
