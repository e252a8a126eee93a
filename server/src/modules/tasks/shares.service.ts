import type { z } from 'zod';
import type { reviewBody, shareBody } from '@circles/shared';
import { Types } from 'mongoose';
import type { Core } from '../../core';
import { AppError } from '../../lib/errors';
import { isDuplicateKey } from '../../lib/mongo-errors';
import type { TasksService } from './tasks.service';

/**
 * Shares and reviews: the member-reported events behind the share and review tasks. A share
 * counts once, when a different person first opens it; own and repeat opens don't count.
 */
export class SharesService {
  constructor(
    private readonly core: Core,
    private readonly tasks: TasksService,
  ) {}

  async share(memberId: Types.ObjectId, body: z.infer<typeof shareBody>): Promise<string> {
    const s = await this.tasks.m.Share.create({ memberId, page: body.page, ref: body.ref ?? null });
    return String(s._id);
  }

  async open(openerId: Types.ObjectId, shareId: string): Promise<boolean> {
    const share = await this.tasks.m.Share.findById(new Types.ObjectId(shareId)).lean();
    if (!share) throw AppError.of('NOT_FOUND', '分享不存在');
    if (share.memberId.equals(openerId)) return false;
    const now = this.core.clock.now();
    try {
      await this.tasks.m.ShareOpen.create({ shareId: share._id, openerId, at: now });
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
    const first = await this.tasks.m.Share.updateOne(
      { _id: share._id, countedAt: null },
      { $set: { countedAt: now } },
    );
    // Idempotent by share id, so a retry after a crash here still counts it exactly once.
    await this.tasks.advance(share.memberId, 'share', { sourceId: `share:${share._id}`, at: now });
    return first.modifiedCount === 1;
  }

  async review(memberId: Types.ObjectId, body: z.infer<typeof reviewBody>): Promise<void> {
    const r = await this.tasks.m.Review.create({
      memberId,
      sku: body.sku,
      orderNo: body.orderNo ?? null,
      rating: body.rating,
      content: body.content,
    });
    await this.tasks.advance(memberId, 'review', { sourceId: `review:${r._id}` });
  }
}
