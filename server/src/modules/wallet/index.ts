import type { Core } from '../../core';
import type { SpineServices } from '../spine';
import { WalletAdjustments } from './adjust';
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
export { WalletAdjustments, type WalletAdjustInput, type WalletAdjustResult } from './adjust';

export interface WalletServices {
  wallet: WalletService;
  /** Manual corrections of one bucket (admin), and the ledger read by time for timelines. */
  walletAdjust: WalletAdjustments;
}

/** The stored-value wallet; its merge participant moves balances with OneID merges. */
export function buildWallet(core: Core, spine: Pick<SpineServices, 'members' | 'merges'>) {
  const wallet = new WalletService(core, spine.members);
  spine.merges.register(wallet.mergeParticipant());
  const walletAdjust = new WalletAdjustments(wallet, spine.members);
  return { wallet, walletAdjust } satisfies WalletServices;
}
