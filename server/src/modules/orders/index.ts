export {
  integrationGuard,
  integrationHeaders,
  signIntegration,
  type SignedRequest,
} from './integration-auth';
export { IntegrationNonces } from './integration-nonces';
export type { OrderDoc } from './order.model';
export { OrdersService } from './orders.service';
export { RefundsService } from './refunds.service';
