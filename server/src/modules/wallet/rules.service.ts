import {
  DEFAULT_TOPUP_RULES,
  type TopUpRule,
  type WalletRuleView,
  type walletRuleBody,
  type walletRuleUpdate,
} from '@circles/shared';
import { Types } from 'mongoose';
import type { z } from 'zod';
import type { Clock } from '../../lib/clock';
import { AppError } from '../../lib/errors';
import { isDuplicateKey } from '../../lib/mongo-errors';
import type { WalletModels, WalletRuleDoc } from './wallet.model';

const yuan = (fen: number) => (fen % 100 === 0 ? String(fen / 100) : (fen / 100).toFixed(2));

export const ruleView = (r: WalletRuleDoc): WalletRuleView => ({
  id: String(r._id),
  threshold: r.threshold,
  bonus: r.bonus,
  label: `充${yuan(r.threshold)}送${yuan(r.bonus)}`,
  active: r.active,
});

const taken = (threshold: number) =>
  AppError.of('WALLET_RULE_THRESHOLD_TAKEN', `已有门槛为 ${yuan(threshold)} 元的充值规则`, {
    fields: [{ path: 'body.threshold', message: 'another rule has this threshold' }],
  });

/** Top-up bonus rules (储值满赠). The default rule is seeded once, so deleting it sticks. */
export class WalletRulesService {
  constructor(
    private readonly m: WalletModels,
    private readonly clock: Clock,
  ) {}

  private async seedOnce(): Promise<void> {
    if (await this.m.Settings.exists({ _id: 'rules' })) return;
    for (const r of DEFAULT_TOPUP_RULES) {
      try {
        await this.m.Rule.create({ ...r, active: true });
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
    }
    try {
      await this.m.Settings.create({ _id: 'rules', rulesSeededAt: this.clock.now() });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
  }

  async list(): Promise<WalletRuleDoc[]> {
    await this.seedOnce();
    return this.m.Rule.find().sort({ threshold: 1 }).lean();
  }

  async active(): Promise<TopUpRule[]> {
    return (await this.list()).filter((r) => r.active);
  }

  private async require(id: string): Promise<WalletRuleDoc> {
    const rule = await this.m.Rule.findById(new Types.ObjectId(id)).lean();
    if (!rule) throw AppError.of('WALLET_RULE_NOT_FOUND', '充值规则不存在');
    return rule;
  }

  async create(body: z.infer<typeof walletRuleBody>): Promise<WalletRuleDoc> {
    await this.seedOnce();
    try {
      return (await this.m.Rule.create(body)).toObject();
    } catch (err) {
      if (isDuplicateKey(err)) throw taken(body.threshold);
      throw err;
    }
  }

  async update(
    id: string,
    body: z.infer<typeof walletRuleUpdate>,
  ): Promise<{ before: WalletRuleDoc; after: WalletRuleDoc }> {
    const before = await this.require(id);
    try {
      const after = await this.m.Rule.findByIdAndUpdate(
        before._id,
        { $set: body },
        { returnDocument: 'after' },
      ).lean();
      if (!after) throw AppError.of('WALLET_RULE_NOT_FOUND', '充值规则不存在');
      return { before, after };
    } catch (err) {
      if (isDuplicateKey(err) && body.threshold !== undefined) throw taken(body.threshold);
      throw err;
    }
  }

  async remove(id: string): Promise<WalletRuleDoc> {
    const before = await this.require(id);
    await this.m.Rule.deleteOne({ _id: before._id });
    return before;
  }
}
