export { BulkOrderWriter } from './orders.bulk';
export { canonicalHash } from './rows';
export type { PreparedOrder } from './rows';
