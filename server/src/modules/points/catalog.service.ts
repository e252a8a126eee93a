import type { RedeemItemView, redeemItemBody, redeemItemUpdate } from '@circles/shared';
import type { z } from 'zod';
import type { Core } from '../../core';
import { AppError } from '../../lib/errors';
import { isDuplicateKey } from '../../lib/mongo-errors';
import { type CatalogModels, catalogModels, type RedeemItemDoc } from './catalog.model';

type ItemBody = z.infer<typeof redeemItemBody>;
type ItemUpdate = z.infer<typeof redeemItemUpdate>;

export const itemView = (i: RedeemItemDoc): RedeemItemView => ({
  itemCode: i.itemCode,
  name: i.name,
  description: i.description,
  kind: i.kind,
  cost: i.cost,
  stock: i.stock,
  perkCode: i.perkCode,
  imageUrl: i.imageUrl,
  active: i.active,
});

export const itemNotFound = (itemCode: string) =>
  AppError.of('POINTS_ITEM_NOT_FOUND', `兑换商品 ${itemCode} 不存在`, {
    fields: [{ path: 'itemCode', message: 'unknown item' }],
  });

/** A few believable items for the sandbox demo brand. */
export const DEMO_ITEMS: ItemBody[] = [
  {
    itemCode: 'CPN-50',
    name: '50元无门槛券',
    description: '全场通用，购物满任意金额可用',
    kind: 'coupon',
    cost: 5000,
    stock: null,
    perkCode: null,
    imageUrl: null,
    active: true,
  },
  {
    itemCode: 'GIFT-TOTE',
    name: '品牌帆布袋',
    description: '到店出示兑换码领取',
    kind: 'gift',
    cost: 1200,
    stock: 200,
    perkCode: null,
    imageUrl: null,
    active: true,
  },
  {
    itemCode: 'PERK-SHIP',
    name: '全年包邮权益',
    description: '兑换后一年内线上订单免运费',
    kind: 'perk',
    cost: 3000,
    stock: null,
    perkCode: 'free-shipping',
    imageUrl: null,
    active: true,
  },
];

/** The redemption catalogue (积分商城): admin CRUD; redemptions live in redeem.service.ts. */
export class CatalogService {
  readonly m: CatalogModels;

  constructor(core: Core) {
    this.m = catalogModels(core.conn);
  }

  async list(activeOnly: boolean): Promise<RedeemItemDoc[]> {
    return this.m.Item.find(activeOnly ? { active: true } : {})
      .sort({ cost: 1, itemCode: 1 })
      .lean();
  }

  async get(itemCode: string): Promise<RedeemItemDoc> {
    const item = await this.m.Item.findOne({ itemCode }).lean();
    if (!item) throw itemNotFound(itemCode);
    return item;
  }

  async create(body: ItemBody): Promise<RedeemItemDoc> {
    try {
      return (await this.m.Item.create(body)).toObject();
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      throw AppError.of('POINTS_ITEM_CODE_TAKEN', `商品编码 ${body.itemCode} 已存在`, {
        fields: [{ path: 'body.itemCode', message: 'already taken' }],
      });
    }
  }

  async update(
    itemCode: string,
    patch: ItemUpdate,
  ): Promise<{ before: RedeemItemDoc; after: RedeemItemDoc }> {
    const before = await this.get(itemCode);
    const kind = before.kind;
    if (kind === 'perk' && patch.perkCode === null) {
      throw AppError.of('VALIDATION_FAILED', '权益类商品必须指定权益编码', {
        fields: [{ path: 'body.perkCode', message: 'a perk item needs perkCode' }],
      });
    }
    const after = await this.m.Item.findOneAndUpdate(
      { itemCode },
      { $set: patch },
      { returnDocument: 'after' },
    ).lean();
    if (!after) throw itemNotFound(itemCode);
    return { before, after };
  }

  async remove(itemCode: string): Promise<RedeemItemDoc> {
    const doc = await this.m.Item.findOneAndDelete({ itemCode }).lean();
    if (!doc) throw itemNotFound(itemCode);
    return doc;
  }

  /** Adds the demo items that are missing (idempotent); returns how many were added. */
  async seedDemo(): Promise<number> {
    let added = 0;
    for (const item of DEMO_ITEMS) {
      const r = await this.m.Item.updateOne(
        { itemCode: item.itemCode },
        { $setOnInsert: item },
        { upsert: true },
      );
      added += r.upsertedCount;
    }
    return added;
  }
}
