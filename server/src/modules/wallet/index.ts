import type { Core } from '../../core';
import type { SpineServices } from '../spine';
import { WalletService } from './wallet.service';

export type {
  ChargeInput,
  ChargeRefundInput,
  ChargeRefundResult,
  ChargeResult,
  TopUpInput,
  TopUpRefundInput,
  TopUpRefundResult,
} from './wallet.service';
export { WalletService } from './wallet.service';

export interface WalletServices {
  wallet: WalletService;
}

/** The stored-value wallet; its merge participant moves balances with OneID merges. */
export function buildWallet(core: Core, spine: Pick<SpineServices, 'members' | 'merges'>) {
  const wallet = new WalletService(core, spine.members);
  spine.merges.register(wallet.mergeParticipant());
  return { wallet } satisfies WalletServices;
}
