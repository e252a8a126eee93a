import type { GrantBody, GrantEstimate } from '@circles/shared';
import type { Types } from 'mongoose';
import type { Core } from '../../core';
import { JobLeases } from '../../jobs/lease';
import { AppError, isAppError } from '../../lib/errors';
import { isDuplicateKey } from '../../lib/mongo-errors';
import { type AuditService, systemBy } from '../audit';
import type { MemberDoc } from '../members';
import type { MembersService } from '../members';
import type { TiersService } from '../tiers';
import { GrantApprovals } from './grant-approvals';
import { GrantEstimator } from './grant-estimate';
import { grantView, segmentOf } from './grant-view';
import { type GrantFailure, type GrantJobDoc, grantModels } from './grants.model';
import type { PointsService } from './points.service';
import type { PointsPorts } from './ports';

export { grantView } from './grant-view';

const BATCH = 100;
const LEASE_MS = 2 * 60_000;
const MAX_FAILURES_KEPT = 100;

/** Who asks for a grant: their role decides whether it needs an admin's approval. */
export interface GrantRequester {
  adminId: string;
  username: string;
  role: string;
}

/**
 * Bulk grants and deductions for a tier, a tag or an uploaded member list, run in the
 * background. Each member gets one ledger entry keyed by job and member, progress is saved per
 * batch, and a lease keeps one runner per job, so a stopped job resumes without double effects.
 * A large grant by a non-admin waits for another admin's approval first (`approvals`).
 */
export class GrantsService {
  readonly m;
  readonly estimator: GrantEstimator;
  readonly approvals: GrantApprovals;
  private readonly leases: JobLeases;
  /** Runs started by this process (tests await them). */
  readonly running = new Map<string, Promise<void>>();

  constructor(
    private readonly core: Core,
    private readonly points: PointsService,
    private readonly members: MembersService,
    tiers: TiersService,
    private readonly audit: AuditService,
    private readonly ports: PointsPorts,
  ) {
    this.m = grantModels(core.conn);
    this.leases = new JobLeases(core.conn, core.clock);
    this.estimator = new GrantEstimator(members, tiers, ports);
    this.approvals = new GrantApprovals(this.m.GrantJob, core.clock, (id) => this.start(id));
  }

  /**
   * Creates the job (a replayed key returns the first, whatever its state) and starts it in the
   * background, or leaves it pending when the requester needs an admin's approval.
   */
  async create(
    body: GrantBody,
    by: GrantRequester,
  ): Promise<{ job: GrantJobDoc; created: boolean; estimate: GrantEstimate | null }> {
    const key = `grant:${body.idempotencyKey}`;
    // A replay must not count (a tag walk) or re-decide: the first request's answer stands.
    const first = await this.m.GrantJob.findOne({ key }).lean<GrantJobDoc>();
    if (first) return { job: first, created: false, estimate: null };
    const estimate = await this.estimator.estimate(body, by.role);
    const pending = estimate.approval.required;
    try {
      const job = await this.m.GrantJob.create({
        key,
        kind: body.kind,
        segment: segmentOf(body.segment),
        memberNos: 'memberNos' in body.segment ? body.segment.memberNos : [],
        points: body.points,
        reason: body.reason,
        status: pending ? 'pending_approval' : 'running',
        // A list job walks every uploaded number (unknown ones fail); tiers and tags their members.
        total: 'memberNos' in body.segment ? body.segment.memberNos.length : estimate.members,
        totalPoints: estimate.totalPoints,
        createdBy: by.username,
        approval: pending
          ? { status: 'pending', requestedBy: by.username, requestedById: by.adminId }
          : null,
      });
      if (!pending) this.start(job._id);
      return { job: job.toObject(), created: true, estimate };
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const job = await this.m.GrantJob.findOne({ key }).lean<GrantJobDoc>();
      if (!job) throw err;
      return { job, created: false, estimate: null };
    }
  }

  async get(id: string): Promise<GrantJobDoc> {
    const job = await this.m.GrantJob.findById(id).lean<GrantJobDoc>();
    if (!job) throw AppError.of('POINTS_GRANT_NOT_FOUND', '批量发放任务不存在');
    return job;
  }

  async list(page: number, pageSize: number) {
    const [items, total] = await Promise.all([
      this.m.GrantJob.find({}, { memberNos: 0 })
        .sort({ createdAt: -1, _id: -1 })
        .skip((page - 1) * pageSize)
        .limit(pageSize)
        .lean<GrantJobDoc[]>(),
      this.m.GrantJob.countDocuments({}),
    ]);
    return { items: items.map((j) => grantView({ ...j, memberNos: [] })), total, page, pageSize };
  }

  /**
   * Continues a job that stopped (a crash, a restart); a running one is left alone, a done one
   * stays done. A grant awaiting approval or rejected is not runnable: resume must not be a way
   * around the two-person rule.
   */
  async resume(id: string): Promise<GrantJobDoc> {
    const job = await this.get(id);
    if (job.status === 'pending_approval' || job.status === 'rejected') {
      throw AppError.of(
        'POINTS_GRANT_NOT_RUNNABLE',
        job.status === 'rejected' ? '该批量发放已被驳回' : '该批量发放待管理员审批',
      );
    }
    if (job.status !== 'done') {
      await this.m.GrantJob.updateOne(
        { _id: job._id, status: { $in: ['running', 'failed'] } },
        { $set: { status: 'running', error: null } },
      );
      this.start(job._id);
    }
    return this.get(id);
  }

  private start(id: Types.ObjectId): void {
    const key = String(id);
    if (this.running.has(key)) return;
    const run = this.run(id)
      .catch(async (err: Error) => {
        // This process saw the run stop, so the lease goes back now (a resume needs no wait);
        // a killed process leaves it to lapse instead.
        await this.leases.release(`points.grant:${id}`).catch(() => undefined);
        this.core.logger.error({ err, grantJob: key }, 'points grant job failed');
        await this.m.GrantJob.updateOne(
          { _id: id },
          { $set: { status: 'failed', error: err.message } },
        );
      })
      .finally(() => this.running.delete(key));
    this.running.set(key, run);
  }

  async run(id: Types.ObjectId): Promise<void> {
    const lease = `points.grant:${id}`;
    if (!(await this.leases.acquire(lease, LEASE_MS))) return; // another instance runs it
    const job = await this.get(String(id));
    if (job.status !== 'running') {
      // Only approved (or unapproved-free) grants run, whoever calls.
      await this.leases.release(lease);
      return;
    }
    let { pos, lastId } = job.cursor;
    let { done, failed } = job;
    let kept = job.failures.length;
    for await (const batch of this.batches(job, pos, lastId)) {
      const failures: GrantFailure[] = [];
      for (const item of batch) {
        const f = await this.applyOne(job, item);
        if (f) {
          failed++;
          if (kept + failures.length < MAX_FAILURES_KEPT) failures.push(f);
        } else done++;
      }
      pos += batch.length;
      const last = batch[batch.length - 1]?.id;
      if (last) lastId = String(last);
      await this.m.GrantJob.updateOne(
        { _id: id },
        {
          $set: { cursor: { pos, lastId }, done, failed },
          $push: { failures: { $each: failures } },
        },
      );
      kept += failures.length;
      if (!(await this.leases.checkpoint(lease, String(pos), LEASE_MS))) return;
    }
    const finished = await this.m.GrantJob.findOneAndUpdate(
      { _id: id, status: 'running' },
      { $set: { status: 'done', total: pos, finishedAt: this.core.clock.now() } },
      { returnDocument: 'after' },
    ).lean();
    await this.leases.release(lease);
    if (finished) {
      const { done: d, failed: f, total, kind, points, reason } = finished;
      await this.audit.record(
        systemBy('points-grant'),
        `points.grant.finish`,
        { type: 'points-grant', id: String(id) },
        null,
        { kind, points, reason, total, done: d, failed: f },
      );
    }
  }

  /** One member: its own ledger key, so a replay after a resume writes nothing twice. */
  private async applyOne(job: GrantJobDoc, item: SegmentItem): Promise<GrantFailure | null> {
    const member = item.member;
    if (!member) return { memberNo: item.label, code: 'MEMBER_NOT_FOUND', message: '会员不存在' };
    const move = {
      memberId: member._id,
      points: job.points,
      reason: job.kind,
      note: job.reason,
      sourceType: 'points_grant',
      sourceId: String(job._id),
      idempotencyKey: `points:grant:${job._id}:${member._id}`,
    };
    try {
      if (job.kind === 'grant') await this.points.credit(move);
      else await this.points.debit(move);
      return null;
    } catch (err) {
      if (!isAppError(err)) throw err;
      return { memberNo: member.memberNo, code: err.code, message: err.message };
    }
  }

  /** The segment's members in a stable order, from `pos` on, in batches. */
  private async *batches(
    job: GrantJobDoc,
    pos: number,
    lastId: string | null,
  ): AsyncGenerator<SegmentItem[]> {
    if (job.segment.type === 'tier') {
      const tierCodes = [job.segment.value];
      for (;;) {
        const docs = await this.members.query.scan({ after: lastId, limit: BATCH, tierCodes }, [
          'memberNo',
          'tierCode',
        ]);
        if (docs.length === 0) return;
        lastId = String(docs[docs.length - 1]!._id);
        yield docs.map((m) => ({ id: m._id, label: m.memberNo, member: m }));
      }
    }
    if (job.segment.type === 'list') {
      for (let i = pos; i < job.memberNos.length; i += BATCH) {
        const nos = job.memberNos.slice(i, i + BATCH);
        const found = await this.members.query.byMemberNos(nos);
        const byNo = new Map(found.map((m) => [m.memberNo, m]));
        const items: SegmentItem[] = [];
        for (const no of nos) {
          const m = byNo.get(no);
          // A merged member's points go to the survivor.
          const member = m?.status === 'merged' ? await this.members.resolve(m._id) : m;
          items.push({ id: null, label: no, member: member ?? null });
        }
        yield items;
      }
      return;
    }
    const tags = this.ports.tags;
    if (!tags) throw new Error('the tags port is not wired');
    let seen = 0;
    let batch: SegmentItem[] = [];
    for await (const memberId of tags.memberIdsWithTag(job.segment.value)) {
      if (seen++ < pos) continue; // already handled before a resume
      const m = await this.members.resolve(memberId);
      batch.push({ id: null, label: m?.memberNo ?? String(memberId), member: m });
      if (batch.length === BATCH) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  }
}

interface SegmentItem {
  /** Tier segments: the member id the cursor continues after. */
  id: Types.ObjectId | null;
  label: string;
  member: Pick<MemberDoc, '_id' | 'memberNo'> | null;
}
