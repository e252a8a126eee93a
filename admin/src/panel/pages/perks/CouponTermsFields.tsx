import { Form, InputNumber, Radio, Select } from 'antd';
import { yuanRules } from '../../money';
import { COUPON_MODES, type CouponFormValues, couponTermsOf, couponText } from './couponTerms';

const BOUNDS = { maxFen: 100_000_000 };
const FOLD_RULES = [
  { required: true, message: '请输入折扣' },
  { type: 'number' as const, min: 1, max: 9.9, message: '折扣须在 1–9.9 折之间' },
  {
    validator: async (_: unknown, v: unknown) => {
      if (typeof v === 'number' && !Number.isInteger(Math.round(v * 1000) / 100))
        throw new Error('折扣最多一位小数，如 8.8');
    },
  },
];

/** 券面规则 of a coupon perk: 满减 or 折扣, threshold, cap and categories, all typed in 元. */
export function CouponTermsFields() {
  const form = Form.useFormInstance();
  const mode = Form.useWatch(['coupon', 'mode'], form) as CouponFormValues['mode'] | undefined;
  const values = Form.useWatch('coupon', form) as CouponFormValues | undefined;
  let preview: string | null = null;
  try {
    const terms = couponTermsOf(values);
    preview = terms && terms.value > 0 ? couponText(terms) : null;
  } catch {
    // Half-typed amounts: no preview until they parse.
  }
  return (
    <>
      <Form.Item
        name={['coupon', 'mode']}
        label="券面规则"
        extra={preview ? `券面：${preview}` : undefined}
      >
        <Radio.Group options={[...COUPON_MODES]} aria-label="券面规则" />
      </Form.Item>
      {mode === 'cash' && (
        <Form.Item
          name={['coupon', 'cashYuan']}
          label="减免金额（元）"
          rules={yuanRules('减免金额', { ...BOUNDS, minFen: 1 })}
        >
          <InputNumber aria-label="减免金额" min={0} prefix="¥" />
        </Form.Item>
      )}
      {mode === 'discount' && (
        <>
          <Form.Item name={['coupon', 'fold']} label="折扣（折）" rules={FOLD_RULES}>
            <InputNumber aria-label="折扣" min={1} max={9.9} step={0.1} suffix="折" />
          </Form.Item>
          <Form.Item
            name={['coupon', 'maxOffYuan']}
            label="最高优惠（元）"
            extra="不填则不设上限"
            rules={yuanRules('最高优惠', { ...BOUNDS, minFen: 1 }).slice(1)}
          >
            <InputNumber aria-label="最高优惠" min={0} prefix="¥" />
          </Form.Item>
        </>
      )}
      {mode && mode !== 'none' && (
        <>
          <Form.Item
            name={['coupon', 'thresholdYuan']}
            label="使用门槛（元）"
            extra="可用商品满此金额方可使用；不填为无门槛"
            rules={yuanRules('使用门槛', BOUNDS).slice(1)}
          >
            <InputNumber aria-label="使用门槛" min={0} prefix="¥" />
          </Form.Item>
          <Form.Item
            name={['coupon', 'categories']}
            label="适用品类"
            extra="不选为全部商品；输入品类名后回车"
          >
            <Select
              mode="tags"
              aria-label="适用品类"
              placeholder="全部商品"
              tokenSeparators={[',', '，']}
            />
          </Form.Item>
        </>
      )}
    </>
  );
}
