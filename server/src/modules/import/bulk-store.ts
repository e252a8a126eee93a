import type { Container } from '../../container';

export { docFactory, ID_CHUNK, inChunks, insertIgnoringDuplicates } from '../../lib/bulk';

/**
 * The collections the import writes in bulk, each lent by the module that owns it (members and
 * identities, orders, growth entries, tier changes): the models stay private to those modules.
 */
export class BulkStore {
  readonly Member;
  readonly Identity;
  readonly Order;
  readonly TierChange;
  readonly GrowthEntry;
  private readonly members;

  constructor(c: Container) {
    const s = c.services;
    this.members = s.members.bulk;
    this.Member = s.members.bulk.members;
    this.Identity = s.members.bulk.identities;
    this.Order = s.orders.bulk;
    this.TierChange = s.tiers.bulk;
    this.GrowthEntry = s.growth.bulk;
  }

  /** Reserves `n` consecutive member numbers in the MembersService format with one $inc. */
  reserveMemberNos(n: number): Promise<string[]> {
    return this.members.reserveMemberNos(n);
  }
}
