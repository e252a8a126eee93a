import { requirePorts } from '../../lib/ports';
import type { Core } from '../../core';
import type { SpineServices } from '../spine';
import { AlertsService } from './alerts.service';
import { ValueJob, type ValueJobSettings } from './value.job';
import { valueModels } from './value.model';
import type { ValuePorts } from './value.ports';
import { ValueService } from './value.service';
import { DEFAULT_WARNINGS } from './value.warnings';

export { AlertsService, type RaiseAlert } from './alerts.service';
export { ValueJob, type ValueJobResult, type ValueJobSettings } from './value.job';
export type {
  EngagementPort,
  FollowUpsPort,
  PerkMetrics,
  PerksPort,
  ValuePorts,
} from './value.ports';
export { ValueService } from './value.service';

export const DEFAULT_VALUE_SETTINGS: ValueJobSettings = {
  ...DEFAULT_WARNINGS,
  windowDays: 365,
  unitDays: 7,
  minFitBuyers: 30,
  minFitRepeaters: 10,
  batchSize: 500,
  influenceDays: 90,
};

export interface ValueServices {
  alerts: AlertsService;
  value: ValueService;
  valueJob: ValueJob;
  /** Optional collaborators, read at call time: wire or replace them after building. */
  valuePorts: ValuePorts;
}

/**
 * The value engine. Its ports (perk metrics, engagement signals, consultant follow-ups) are
 * required: built without one, start-up stops. Tests may swap a port on `valuePorts`.
 */
export function buildValue(
  core: Core,
  spine: Pick<SpineServices, 'members' | 'orders' | 'tiers'>,
  ports: ValuePorts,
  settings: Partial<ValueJobSettings> = {},
): ValueServices {
  requirePorts('value', ports, ['perks', 'followUps', 'engagement']);
  const m = valueModels(core.conn);
  const alerts = new AlertsService(core.conn, core.clock);
  alerts.memberNoOf = (ids) => spine.members.query.memberNosOf(ids);
  const value = new ValueService(m, spine.members, spine.tiers, alerts, ports);
  const valueJob = new ValueJob(core, m, spine.members, spine.orders, alerts, ports, {
    ...DEFAULT_VALUE_SETTINGS,
    ...settings,
  });
  valueJob.onFinished.unshift(async () => value.runFinished());
  return { alerts, value, valueJob, valuePorts: ports };
}
