import type { PayOrderCreated, PayOrderView, PayPlans } from '../api/payments';

/** `cancelled`: the member closed the payment sheet; nothing to report as an error. */
export type PayOutcome = 'paid' | 'cancelled';

/** Asks the member to confirm a sandbox payment (H5 build only; the weapp payer never calls it). */
export type ConfirmSandbox = (order: PayOrderView) => Promise<boolean>;

export interface Payer {
  pay(created: PayOrderCreated, confirm: ConfirmSandbox): Promise<PayOutcome>;
  /** Null when this build can pay with these plans, otherwise why not (shown on the page). */
  unavailable(plans: PayPlans): string | null;
}
