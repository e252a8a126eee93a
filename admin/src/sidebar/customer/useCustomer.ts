import type { SidebarCustomerResponse } from '@circles/shared';
import { useCallback, useEffect, useState } from 'react';
import { sidebarApi } from '../api/sidebar';

export type CustomerState =
  | { phase: 'loading' }
  | { phase: 'error'; error: unknown }
  | { phase: 'ready'; data: SidebarCustomerResponse; refreshing: boolean };

type Patch = (update: (data: SidebarCustomerResponse) => SidebarCustomerResponse) => void;

/**
 * The customer card for one external contact. `patch` applies an action's answer locally so
 * the page doesn't refetch the whole card after every tag or note.
 */
export function useCustomer(externalUserId: string): {
  state: CustomerState;
  reload: () => void;
  patch: Patch;
} {
  const [state, setState] = useState<CustomerState>({ phase: 'loading' });
  const [attempt, setAttempt] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` re-runs the fetch on reload
  useEffect(() => {
    const ctl = new AbortController();
    // Keep the card on screen during a refresh; a first load or a retry after an error shows skeletons.
    setState((s) => (s.phase === 'ready' ? { ...s, refreshing: true } : { phase: 'loading' }));
    sidebarApi.customer(externalUserId, ctl.signal).then(
      (data) => setState({ phase: 'ready', data, refreshing: false }),
      (error: unknown) => {
        if (!ctl.signal.aborted) setState({ phase: 'error', error });
      },
    );
    return () => ctl.abort();
  }, [externalUserId, attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  const patch = useCallback<Patch>((update) => {
    setState((s) => (s.phase === 'ready' ? { ...s, data: update(s.data) } : s));
  }, []);
  return { state, reload, patch };
}
