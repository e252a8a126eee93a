import { requirePorts } from '../../lib/ports';
import type { Platform } from '../../platform';
import type { Core } from '../../core';
import type { SpineServices } from '../spine';
import { MembershipsService } from './memberships';
import { payModels } from './payments.model';
import { PaymentsService } from './payments.service';
import type { PerksPort, RefundAlertsPort, WalletPort } from './ports';
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
  platform: Platform,
  ports: { wallet: WalletPort; perks: PerksPort; alerts: RefundAlertsPort },
): PaymentServices {
  const { wallet, perks, alerts } = requirePorts('payments', ports, ['wallet', 'perks', 'alerts']);
  const m = payModels(core.conn);
  const memberships = new MembershipsService(core, m, perks);
  const payments = new PaymentsService(
    core,
    m,
    spine.integrations.pay,
    spine.members,
    wallet,
    memberships,
    platform.domainEvents,
  );
  const payRefunds = new PayRefunds(core, m, payments, memberships, wallet, alerts);
  return { payments, payRefunds, payReconcile: new PayReconcileJob(core, m, payments, payRefunds) };
}
