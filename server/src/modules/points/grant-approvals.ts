import type { Model, Types } from 'mongoose';
import type { Clock } from '../../lib/clock';
import { AppError } from '../../lib/errors';
import type { GrantJobDoc } from './grants.model';

/** The admin deciding: the account id is what the two-person rule compares. */
export interface GrantDecider {
  adminId: string;
  username: string;
}

const PENDING = { status: 'pending_approval', 'approval.status': 'pending' } as const;

/**
 * The approval step of the two-person rule. A decision is one conditional update on the pending
 * state, so two admins deciding at once (or a replayed click) move the grant once: the loser of
 * the race gets POINTS_GRANT_NOT_PENDING. An approved grant starts running through `launch`.
 */
export class GrantApprovals {
  constructor(
    private readonly model: Model<GrantJobDoc>,
    private readonly clock: Clock,
    private readonly launch: (id: Types.ObjectId) => void,
  ) {}

  /** Grants waiting for a decision, oldest first (the upload lists are left out). */
  pending(): Promise<GrantJobDoc[]> {
    return this.model
      .find({ status: 'pending_approval' }, { memberNos: 0 })
      .sort({ createdAt: 1, _id: 1 })
      .lean<GrantJobDoc[]>()
      .then((rows) => rows.map((j) => ({ ...j, memberNos: [] })));
  }

  /** Runs the grant; the requester can't approve their own (403 POINTS_GRANT_SELF_APPROVAL). */
  async approve(id: string, by: GrantDecider, note?: string): Promise<GrantJobDoc> {
    const job = await this.require(id);
    if (job.approval?.requestedById === by.adminId) {
      throw AppError.of(
        'POINTS_GRANT_SELF_APPROVAL',
        '不能审批自己提交的批量发放，请由其他管理员审批',
      );
    }
    const decided = await this.decide(job._id, 'approved', 'running', by, note);
    this.launch(decided._id);
    return decided;
  }

  /** Nothing is granted. The requester may withdraw their own request this way. */
  reject(id: string, by: GrantDecider, note?: string): Promise<GrantJobDoc> {
    return this.require(id).then((job) => this.decide(job._id, 'rejected', 'rejected', by, note));
  }

  private async require(id: string): Promise<GrantJobDoc> {
    const job = await this.model.findById(id, { memberNos: 0 }).lean<GrantJobDoc>();
    if (!job) throw AppError.of('POINTS_GRANT_NOT_FOUND', '批量发放任务不存在');
    return { ...job, memberNos: [] };
  }

  private async decide(
    id: Types.ObjectId,
    decision: 'approved' | 'rejected',
    status: 'running' | 'rejected',
    by: GrantDecider,
    note: string | undefined,
  ): Promise<GrantJobDoc> {
    const now = this.clock.now();
    const updated = await this.model
      .findOneAndUpdate(
        { _id: id, ...PENDING },
        {
          $set: {
            status,
            'approval.status': decision,
            'approval.decidedBy': by.username,
            'approval.decidedAt': now,
            'approval.note': note || null,
            // A rejected grant is finished: it never runs.
            ...(status === 'rejected' ? { finishedAt: now } : {}),
          },
        },
        { returnDocument: 'after', projection: { memberNos: 0 } },
      )
      .lean<GrantJobDoc>();
    if (!updated) throw AppError.of('POINTS_GRANT_NOT_PENDING', '该批量发放已审批或无需审批');
    return { ...updated, memberNos: [] };
  }
}
