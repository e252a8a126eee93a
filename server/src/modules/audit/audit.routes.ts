import { auditRoutes } from '@circles/shared';
import type { Container } from '../../container';
import type { ApiRouter } from '../../lib/route';

/** The audit log is readable by every admin role, analysts included. */
export function registerAuditRoutes(api: ApiRouter, c: Container): void {
  api.add(auditRoutes.list, ({ query }) => c.services.audit.list(query));
}
