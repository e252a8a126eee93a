import { randomBytes } from 'node:crypto';
import { ERROR_CODES, type RedemptionView } from '@circles/shared';
import type { Types } from 'mongoose';
import { AppError, isAppError } from '../../lib/errors';
import { isDuplicateKey } from '../../lib/mongo-errors';
import type { RedemptionDoc } from './catalog.model';
import type { CatalogService } from './catalog.service';
import type { PointsService } from './points.service';
import type { PointsPorts } from './ports';

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'; // no 0/O, 1/I: read aloud at a till
const randomCode = (prefix: string) =>
  prefix + [...randomBytes(10)].map((b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('');

const view = (r: RedemptionDoc): RedemptionView => ({
  redemptionId: String(r._id),
  itemCode: r.itemCode,
  itemName: r.itemName,
  kind: r.kind,
  cost: r.cost,
  balance: r.balance ?? 0,
  code: r.code,
  perk: r.perkCode ? { perkCode: r.perkCode, redemptionCode: r.perkRedemptionCode } : null,
  at: r.createdAt.toISOString(),
});

/**
 * Redeeming points for a catalogue item, as retry-safe steps: write the intent (unique per
 * member and key), debit the points (ledger key per redemption), take one unit of stock with a
 * conditional update, issue the coupon / gift code / perk, mark it done. A failure after the
 * debit gives the points back (reason redeem_undo, original expiry dates) and records the error,
 * so replaying the key returns the first answer, success or refusal.
 */
export class RedeemService {
  constructor(
    private readonly points: PointsService,
    private readonly catalog: CatalogService,
    private readonly ports: PointsPorts,
  ) {}

  private get R() {
    return this.catalog.m.Redemption;
  }

  async redeem(
    memberId: Types.ObjectId,
    itemCode: string,
    idempotencyKey: string,
  ): Promise<RedemptionView> {
    const key = `${memberId}:${idempotencyKey}`;
    let red = await this.R.findOne({ key }).lean();
    if (!red) {
      const item = await this.catalog.get(itemCode);
      if (!item.active) throw AppError.of('POINTS_ITEM_UNAVAILABLE', `${item.name} 已下架`);
      if (item.stock === 0) throw AppError.of('POINTS_ITEM_OUT_OF_STOCK', `${item.name} 已兑完`);
      try {
        red = (
          await this.R.create({
            memberId,
            key,
            itemCode,
            itemName: item.name,
            kind: item.kind,
            cost: item.cost,
            perkCode: item.perkCode,
          })
        ).toObject();
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        red = await this.R.findOne({ key }).lean();
        if (!red) throw err;
      }
    }
    if (red.itemCode !== itemCode) {
      throw AppError.of('IDEMPOTENCY_CONFLICT', '该请求编号已用于兑换其他商品', {
        fields: [{ path: 'body.idempotencyKey', message: 'used for another item' }],
      });
    }
    return this.resume(red);
  }

  private async resume(red: RedemptionDoc): Promise<RedemptionView> {
    if (red.status === 'done') return view(red);
    if (red.status === 'failed') throw this.stored(red);
    const id = String(red._id);
    try {
      await this.points.debit({
        memberId: red.memberId,
        points: red.cost,
        reason: 'redeem',
        note: red.itemName,
        sourceType: 'redemption',
        sourceId: id,
        idempotencyKey: `points:redeem:${id}`,
      });
    } catch (err) {
      if (isAppError(err) && err.code === 'POINTS_INSUFFICIENT') await this.fail(red, err);
      throw err;
    }
    try {
      await this.takeStock(red);
      const issued = await this.issue(red);
      const { balance } = await this.points.balance(red.memberId);
      const done = await this.R.findOneAndUpdate(
        { _id: red._id, status: 'pending' },
        { $set: { status: 'done', ...issued, balance } },
        { returnDocument: 'after' },
      ).lean();
      return this.resume(done ?? (await this.R.findById(red._id).lean())!);
    } catch (err) {
      // A refusal (out of stock, unknown perk) is final: give everything back. Anything else
      // (database down) leaves the intent pending; a retry with the same key finishes it.
      if (!isAppError(err)) throw err;
      await this.undo(red);
      await this.fail(red, err);
      throw err;
    }
  }

  private async takeStock(red: RedemptionDoc): Promise<void> {
    if (red.stockTaken) return;
    const item = await this.catalog.m.Item.findOne({ itemCode: red.itemCode }).lean();
    if (!item) throw AppError.of('POINTS_ITEM_UNAVAILABLE', `${red.itemName} 已下架`);
    if (item.stock === null) return;
    // Decrement first, flag second: a crash in between loses a unit but never oversells.
    const r = await this.catalog.m.Item.updateOne(
      { itemCode: red.itemCode, stock: { $gte: 1 } },
      { $inc: { stock: -1 } },
    );
    if (r.modifiedCount !== 1)
      throw AppError.of('POINTS_ITEM_OUT_OF_STOCK', `${red.itemName} 已兑完`);
    await this.R.updateOne({ _id: red._id }, { $set: { stockTaken: true } });
    red.stockTaken = true;
  }

  private async issue(red: RedemptionDoc) {
    if (red.kind !== 'perk') {
      return { code: randomCode(red.kind === 'coupon' ? 'CP' : 'GF'), perkRedemptionCode: null };
    }
    const perks = this.ports.perks;
    if (!perks || !red.perkCode) {
      throw AppError.of('POINTS_ITEM_UNAVAILABLE', '权益兑换暂不可用');
    }
    const inst = await perks.issue(red.memberId, red.perkCode, {
      idempotencyKey: `points:redeem:${red._id}`,
      sourceType: 'points_redemption',
      sourceId: String(red._id),
    });
    return { code: null, perkRedemptionCode: inst.redemptionCode ?? null };
  }

  /** Returns the points lot by lot (keeping their expiry) and the unit of stock. */
  private async undo(red: RedemptionDoc): Promise<void> {
    const id = String(red._id);
    const debit = await this.points.entryByKey(`points:redeem:${id}`);
    for (const t of debit?.takes ?? []) {
      await this.points.post({
        memberId: red.memberId,
        delta: t.amount,
        expiresAt: t.expiresAt,
        reason: 'redeem_undo',
        note: red.itemName,
        sourceType: 'redemption',
        sourceId: id,
        idempotencyKey: `points:redeem-undo:${id}:${t.lot}`,
      });
    }
    const r = await this.R.updateOne(
      { _id: red._id, stockTaken: true },
      { $set: { stockTaken: false } },
    );
    if (r.modifiedCount === 1) {
      await this.catalog.m.Item.updateOne({ itemCode: red.itemCode }, { $inc: { stock: 1 } });
    }
  }

  private async fail(red: RedemptionDoc, err: AppError): Promise<void> {
    const error = { code: err.code, message: err.message, details: err.details };
    await this.R.updateOne(
      { _id: red._id, status: 'pending' },
      { $set: { status: 'failed', error } },
    );
  }

  private stored(red: RedemptionDoc): AppError {
    const e = red.error ?? { code: 'POINTS_ITEM_UNAVAILABLE', message: '兑换失败' };
    const type = ERROR_CODES[e.code as keyof typeof ERROR_CODES] ?? 'conflict';
    return new AppError(type, e.code, e.message, e.details);
  }
}
