import {
  CIRCLE_FIELDS,
  CIRCLE_OP_LABELS,
  INTEREST_TOPICS,
  OPS_BY_TYPE,
  RFM_SEGMENTS,
} from '@circles/shared';
import type { CircleSourcePorts } from './ports';

export interface CircleSettings {
  /** Store code → city, for the `city` field (a brand's store list). */
  storeCities: Record<string, string>;
  /** Product categories the `purchasedCategory` editor offers. */
  categories: string[];
}

type Option = { value: string; label: string };

/** The field list for the editor, with the values each enum and set field can take. */
export class CircleFields {
  constructor(
    private readonly ports: Pick<CircleSourcePorts, 'tiers' | 'tags'> & {
      consultants(): Promise<Option[]>;
    },
    private readonly settings: CircleSettings,
  ) {}

  private async options(key: string): Promise<Option[]> {
    const same = (v: string) => ({ value: v, label: v });
    switch (key) {
      case 'tier':
        return this.ports.tiers.options();
      case 'segment':
        return RFM_SEGMENTS.map(same);
      case 'tags':
        return this.ports.tags.options();
      case 'consultant':
        return this.ports.consultants();
      case 'store':
        return Object.keys(this.settings.storeCities).map(same);
      case 'city':
        return [...new Set(Object.values(this.settings.storeCities))].map(same);
      case 'purchasedCategory':
        return this.settings.categories.map(same);
      case 'interest':
        return INTEREST_TOPICS.map(same);
      default:
        return [];
    }
  }

  async list() {
    return Promise.all(
      CIRCLE_FIELDS.map(async (f) => ({
        key: f.key,
        label: f.label,
        type: f.type,
        group: f.group,
        unit: f.unit ?? null,
        windowed: Boolean(f.windowed),
        topical: Boolean(f.topical),
        money: Boolean(f.money),
        ops: OPS_BY_TYPE[f.type].map((op) => ({ op, label: CIRCLE_OP_LABELS[op] })),
        options: await this.options(f.key),
      })),
    );
  }
}
