import {
  findTier,
  GRANT_APPROVAL_MAX_MEMBERS,
  GRANT_APPROVAL_MAX_POINTS,
  type GrantBody,
  type GrantEstimate,
} from '@circles/shared';
import { AppError } from '../../lib/errors';
import type { MembersService } from '../members';
import type { TiersService } from '../tiers';
import type { PointsPorts } from './ports';

type Segment = GrantBody['segment'];
/** Member numbers looked up per query when counting an uploaded list. */
const LOOKUP_CHUNK = 1000;

/** Whether `role`'s grant of this size must wait for an admin (the two-person rule). */
export function needsApproval(role: string, members: number, totalPoints: number): boolean {
  if (role === 'admin') return false;
  return members > GRANT_APPROVAL_MAX_MEMBERS || totalPoints > GRANT_APPROVAL_MAX_POINTS;
}

/**
 * Counts what a bulk grant would touch, for the confirm step and the approval decision. The
 * counts follow the job's own walk: active members of a tier, the tag port's members, or the
 * uploaded list (unknown numbers fail in the job, so they move nothing).
 */
export class GrantEstimator {
  constructor(
    private readonly members: MembersService,
    private readonly tiers: TiersService,
    private readonly ports: PointsPorts,
  ) {}

  /** A segment the job could not walk: an unknown tier (400), tags with no tags port (409). */
  async assertSegment(segment: Segment): Promise<void> {
    if ('tier' in segment && !findTier((await this.tiers.ladder()).tiers, segment.tier)) {
      throw AppError.of('VALIDATION_FAILED', `等级 ${segment.tier} 不存在`, {
        fields: [{ path: 'body.segment.tier', message: 'unknown tier' }],
      });
    }
    if ('tagId' in segment && !this.ports.tags) {
      throw AppError.of('POINTS_SEGMENT_UNAVAILABLE', '标签人群暂不可用');
    }
  }

  async estimate(
    body: Pick<GrantBody, 'kind' | 'segment' | 'points'>,
    role: string,
  ): Promise<GrantEstimate> {
    await this.assertSegment(body.segment);
    const { members, unknown } = await this.count(body.segment);
    const totalPoints = members * body.points;
    return {
      kind: body.kind,
      members,
      points: body.points,
      totalPoints,
      unknownMemberNos: unknown,
      approval: {
        required: needsApproval(role, members, totalPoints),
        maxMembers: GRANT_APPROVAL_MAX_MEMBERS,
        maxPoints: GRANT_APPROVAL_MAX_POINTS,
      },
    };
  }

  private async count(segment: Segment): Promise<{ members: number; unknown: number }> {
    if ('tier' in segment) {
      return { members: await this.members.query.countInTier(segment.tier), unknown: 0 };
    }
    if ('memberNos' in segment) {
      const distinct = [...new Set(segment.memberNos)];
      let known = 0;
      for (let i = 0; i < distinct.length; i += LOOKUP_CHUNK) {
        known += (await this.members.query.byMemberNos(distinct.slice(i, i + LOOKUP_CHUNK))).length;
      }
      return { members: known, unknown: distinct.length - known };
    }
    const tags = this.ports.tags;
    if (!tags) throw AppError.of('POINTS_SEGMENT_UNAVAILABLE', '标签人群暂不可用');
    let n = 0;
    for await (const _ of tags.memberIdsWithTag(segment.tagId)) n++;
    return { members: n, unknown: 0 };
  }
}
