import { Tag, Typography } from 'antd';

export interface CircleLike {
  id: string;
  name: string;
  color?: string;
  icon?: string;
}

/** A circle badge in the circle's own colour, with its icon. */
export function CircleChip({ circle }: { circle: CircleLike }) {
  return (
    <Tag color={circle.color} className="circle-chip">
      {circle.icon && <span className="circle-chip-icon">{circle.icon}</span>}
      {circle.name}
    </Tag>
  );
}

/** The circles a perk/task/event targets; ids the list does not know show as the id. */
export function CircleChips({
  ids,
  circleOf,
  empty = '全部会员',
}: {
  ids: readonly string[] | undefined;
  circleOf: (id: string) => CircleLike | undefined;
  empty?: string;
}) {
  if (!ids || ids.length === 0) return <Typography.Text type="secondary">{empty}</Typography.Text>;
  return (
    <>
      {ids.map((id) => (
        <CircleChip key={id} circle={circleOf(id) ?? { id, name: id }} />
      ))}
    </>
  );
}
