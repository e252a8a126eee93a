import type { Core } from '../../core';
import { auditModel } from './audit.model';
import { AuditService } from './audit.service';

export {
  type AuditBy,
  AuditService,
  actorOf,
  auditBy,
  SYSTEM_ACTOR,
  systemBy,
} from './audit.service';
export { registerAuditRoutes } from './audit.routes';

export function buildAudit(core: Core): AuditService {
  return new AuditService(auditModel(core.conn), core.clock);
}
