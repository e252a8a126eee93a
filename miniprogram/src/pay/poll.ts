import { type PayOrderView, payApi } from '../api/payments';

export interface PollOptions {
  intervalMs?: number;
  timeoutMs?: number;
  /** Injected by tests so polling needs no real time. */
  wait?: (ms: number) => Promise<void>;
  now?: () => number;
}

export interface PollResult {
  order: PayOrderView;
  /** False when the time ran out before the server applied the payment (not a failure). */
  settled: boolean;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Final as far as the result page cares: credited/started, or never going to be. */
export function isSettled(order: PayOrderView): boolean {
  return order.applied || order.status === 'closed' || order.status === 'refunded';
}

/**
 * Asks the server about an order until the payment notification has been applied. The
 * notification can lag the payment sheet by seconds, so a timeout reports "still confirming"
 * with the last answer; a failed poll (offline for a moment) is simply tried again.
 */
export async function waitForApplied(
  initial: PayOrderView,
  { intervalMs = 1000, timeoutMs = 20_000, wait = sleep, now = Date.now }: PollOptions = {},
): Promise<PollResult> {
  const deadline = now() + timeoutMs;
  let last = initial;
  for (;;) {
    try {
      last = await payApi.order(initial.outTradeNo);
      if (isSettled(last)) return { order: last, settled: true };
    } catch {
      // Keep the last answer and try again until the deadline.
    }
    if (now() + intervalMs > deadline) return { order: last, settled: false };
    await wait(intervalMs);
  }
}
