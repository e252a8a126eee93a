import { type PerkMetrics, sortLadder } from '@circles/shared';
import type { MembersService } from '../members';
import type { TiersService } from '../tiers';
import type { PerkModels } from './perks.model';

type Row = { _id: { t: string; p?: string }; n: number };

const ratio = (part: number, whole: number) =>
  whole > 0 ? Math.round(Math.min(1, part / whole) * 10_000) / 10_000 : 0;

/**
 * Eligible members are the active members now in a tier; claims and uses are attributed to
 * the tier the member held when the instance was claimed or issued (stored on the instance),
 * so the numbers come from three grouped aggregations, never a per-member scan.
 */
export async function perkMetrics(
  m: PerkModels,
  members: MembersService,
  tiersService: TiersService,
): Promise<PerkMetrics> {
  const [{ tiers }, perks] = await Promise.all([
    tiersService.ladder(),
    m.Perk.find({ status: 'active' }).sort({ createdAt: 1, _id: 1 }).lean(),
  ]);
  const distinctMembers = (match: Record<string, unknown>, byPerk: boolean) =>
    m.PerkInstance.aggregate<Row>([
      { $match: match },
      {
        $group: {
          _id: byPerk
            ? { t: '$tierCode', p: '$perkCode', m: '$memberId' }
            : { t: '$tierCode', m: '$memberId' },
        },
      },
      { $group: { _id: byPerk ? { t: '$_id.t', p: '$_id.p' } : { t: '$_id.t' }, n: { $sum: 1 } } },
    ]);
  const [eligibleRows, claimedRows, usedRows, usedAnyRows] = await Promise.all([
    members.query.countByTier(),
    distinctMembers({}, true),
    distinctMembers({ usedAt: { $ne: null } }, true),
    distinctMembers({ usedAt: { $ne: null } }, false),
  ]);
  const eligible = eligibleRows;
  const byPerk = (rows: Row[]) => new Map(rows.map((r) => [`${r._id.t}|${r._id.p}`, r.n]));
  const claimed = byPerk(claimedRows);
  const used = byPerk(usedRows);
  const usedAny = new Map(usedAnyRows.map((r) => [r._id.t, r.n]));
  const ladder = sortLadder(tiers);
  return {
    tiers: ladder.map((t) => {
      const e = eligible.get(t.code) ?? 0;
      const u = usedAny.get(t.code) ?? 0;
      return { tierCode: t.code, eligibleMembers: e, membersUsedAny: u, penetration: ratio(u, e) };
    }),
    perks: perks.flatMap((p) =>
      ladder
        .filter((t) => p.tierCodes.includes(t.code))
        .map((t) => {
          const e = eligible.get(t.code) ?? 0;
          const u = used.get(`${t.code}|${p._id}`) ?? 0;
          return {
            perkCode: p._id,
            perkName: p.name,
            tierCode: t.code,
            eligibleMembers: e,
            membersClaimed: claimed.get(`${t.code}|${p._id}`) ?? 0,
            membersUsed: u,
            usageRate: ratio(u, e),
          };
        }),
    ),
  };
}
