import { useCallback, useRef, useState } from 'react';
import { showError } from '../api/errors';
import type { PayOrderCreated, PayOrderView } from '../api/payments';
import { payer } from './payer';
import { type PollOptions, waitForApplied } from './poll';
import type { ConfirmSandbox } from './types';

export type PayState =
  | { phase: 'idle' }
  /** Creating the order or inside the payment sheet. */
  | { phase: 'paying'; planCode: string }
  /** Paid; waiting for the server to apply the notification. */
  | { phase: 'checking'; order: PayOrderView }
  | { phase: 'done'; order: PayOrderView }
  /** Closed or refunded before it was applied. */
  | { phase: 'closed'; order: PayOrderView }
  /** Polling timed out: the result is still being confirmed (not an error). */
  | { phase: 'pending'; order: PayOrderView };

interface SandboxAsk {
  order: PayOrderView;
  resolve(ok: boolean): void;
}

/**
 * One payment from plan to result: create the order on the server, pay (wx.requestPayment,
 * or the sandbox sheet on H5), then poll until the server has applied the notification.
 */
export function usePayment(
  create: (planCode: string) => Promise<PayOrderCreated>,
  onApplied: (order: PayOrderView) => void,
  poll?: PollOptions,
) {
  const [state, setState] = useState<PayState>({ phase: 'idle' });
  const [ask, setAsk] = useState<SandboxAsk | null>(null);
  const busy = useRef(false);
  const onAppliedRef = useRef(onApplied);
  onAppliedRef.current = onApplied;

  const settle = useCallback(
    async (order: PayOrderView) => {
      setState({ phase: 'checking', order });
      const result = await waitForApplied(order, poll);
      if (!result.settled) setState({ phase: 'pending', order: result.order });
      else if (result.order.applied) {
        setState({ phase: 'done', order: result.order });
        onAppliedRef.current(result.order);
      } else setState({ phase: 'closed', order: result.order });
    },
    [poll],
  );

  const start = useCallback(
    async (planCode: string) => {
      if (busy.current) return;
      busy.current = true;
      setState({ phase: 'paying', planCode });
      const confirm: ConfirmSandbox = (order) =>
        new Promise<boolean>((resolve) => setAsk({ order, resolve }));
      try {
        const created = await create(planCode);
        const outcome = await payer.pay(created, confirm);
        if (outcome === 'cancelled') setState({ phase: 'idle' });
        else await settle(created.order);
      } catch (err) {
        showError(err);
        setState({ phase: 'idle' });
      } finally {
        busy.current = false;
      }
    },
    [create, settle],
  );

  /** "刷新" on the still-confirming state: poll the same order again. */
  const refresh = useCallback(async () => {
    if (state.phase !== 'pending' || busy.current) return;
    busy.current = true;
    try {
      await settle(state.order);
    } finally {
      busy.current = false;
    }
  }, [settle, state]);

  const answer = useCallback(
    (ok: boolean) => {
      ask?.resolve(ok);
      setAsk(null);
    },
    [ask],
  );

  return {
    state,
    start,
    refresh,
    reset: () => setState({ phase: 'idle' }),
    /** The order waiting for the sandbox confirmation sheet (H5 sandbox only). */
    sandboxOrder: ask?.order ?? null,
    answer,
  };
}
