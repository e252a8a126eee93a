import type { Core } from '../../container';
import type { SpineServices } from '../spine';
import { MembershipsService } from './memberships';
import { payModels } from './payments.model';
import { PaymentsService } from './payments.service';
import type { PerksPort, WalletPort } from './ports';
import { PayReconcileJob } from './reconcile.job';
import { PayRefunds } from './refunds';

export interface PaymentServices {
  payments: PaymentsService;
  payRefunds: PayRefunds;
  payReconcile: PayReconcileJob;
}

export function buildPayments(
  core: Core,
  spine: SpineServices,
  wallet: WalletPort,
  perks: PerksPort | null,
): PaymentServices {
  const m = payModels(core.conn);
  const memberships = new MembershipsService(core, m);
  memberships.perks = perks;
  const payments = new PaymentsService(
    core,
    m,
    spine.integrations.pay,
    spine.members,
    wallet,
    memberships,
  );
  const payRefunds = new PayRefunds(core, m, payments, memberships, wallet);
  return { payments, payRefunds, payReconcile: new PayReconcileJob(core, m, payments, payRefunds) };
}
