// The weapp build pays with wx.requestPayment's own sheet; only the H5 build
// (sandbox-sheet.h5.tsx) renders a confirmation sheet of ours.
import type { PayOrderView } from '../api/payments';

export function SandboxPaySheet(_props: {
  order: PayOrderView | null;
  onAnswer: (ok: boolean) => void;
}) {
  return null;
}
