import type { FormInstance, FormRule } from 'antd';
import type { ItemInput, RedeemItemView } from '../../api/points';

export const ITEM_KIND_TEXT: Record<RedeemItemView['kind'], string> = {
  coupon: '优惠券',
  gift: '实物礼品',
  perk: '权益',
};

export interface ItemFormValues {
  itemCode: string;
  name: string;
  kind: RedeemItemView['kind'];
  cost: number;
  stock?: number | null;
  perkCode?: string;
  description?: string;
}

/** Rules mirroring redeemItemBody in @circles/shared. */
export const ITEM_RULES = {
  itemCode: [
    { required: true, message: '请输入商品代码' },
    { pattern: /^[A-Za-z0-9_-]{2,32}$/, message: '商品代码为 2–32 位字母、数字、_ 或 -' },
  ],
  name: [
    { required: true, whitespace: true, message: '请输入商品名称' },
    { max: 32, message: '商品名称不超过 32 个字' },
  ],
  kind: [{ required: true, message: '请选择类型' }],
  cost: [
    { required: true, message: '请输入所需积分' },
    { type: 'integer', min: 1, max: 100_000_000, message: '所需积分须为 1–100000000 的整数' },
  ],
  stock: [{ type: 'integer', min: 0, max: 10_000_000, message: '库存须为 0–10000000 的整数' }],
  perkCode: [
    (form: Pick<FormInstance<ItemFormValues>, 'getFieldValue'>) => ({
      validator: async (_: unknown, v: unknown) => {
        if (form.getFieldValue('kind') === 'perk' && !v) throw new Error('权益类商品请选择权益');
      },
    }),
  ],
  description: [{ max: 200, message: '说明不超过 200 个字' }],
} satisfies Record<string, FormRule[]>;

export function toItemBody(v: ItemFormValues): ItemInput {
  return {
    itemCode: v.itemCode,
    name: v.name.trim(),
    description: (v.description ?? '').trim(),
    kind: v.kind,
    cost: v.cost,
    // Empty stock means unlimited.
    stock: typeof v.stock === 'number' ? v.stock : null,
    perkCode: v.kind === 'perk' ? (v.perkCode ?? null) : null,
    imageUrl: null,
    active: true,
  };
}
