import { Tag } from 'antd';

/** A tier badge in the tier's own colour. */
export function TierTag({ tier }: { tier: { name: string; color: string } | null | undefined }) {
  if (!tier) return <Tag>—</Tag>;
  return <Tag color={tier.color}>{tier.name}</Tag>;
}
