import type { Core } from '../../container';
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
 * The value engine. `ports` may be filled in after building (the lead wires perks and
 * follow-ups when those modules exist): the job and service read them at call time.
 */
export function buildValue(
  core: Core,
  spine: Pick<SpineServices, 'members' | 'orders' | 'tiers'>,
  ports: ValuePorts = {},
  settings: Partial<ValueJobSettings> = {},
): ValueServices {
  const m = valueModels(core.conn);
  const alerts = new AlertsService(core.conn, core.clock);
  alerts.memberNoOf = async (ids) => {
    const docs = await spine.members.m.Member.find({ _id: { $in: ids } }, { memberNo: 1 }).lean();
    return new Map(docs.map((d) => [String(d._id), d.memberNo]));
  };
  const value = new ValueService(m, spine.members, spine.tiers, alerts, ports);
  const valueJob = new ValueJob(core, m, spine.members, spine.orders, alerts, ports, {
    ...DEFAULT_VALUE_SETTINGS,
    ...settings,
  });
  return { alerts, value, valueJob, valuePorts: ports };
}
