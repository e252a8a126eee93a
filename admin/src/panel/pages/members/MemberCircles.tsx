import { Space, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { CircleChip } from '../../components/CircleChip';
import { bjDay } from './labels';

export interface MemberCircle {
  id: string;
  name: string;
  color: string;
  since: string | null;
}

/**
 * The member's circles from the detail response. Read defensively: servers before circles
 * send no `circles` field (undefined), which is not the same as "in no circle" ([]).
 */
export function circlesOf(detail: object): MemberCircle[] | undefined {
  const raw = (detail as { circles?: unknown }).circles;
  if (!Array.isArray(raw)) return undefined;
  return raw.flatMap((c: unknown) => {
    if (typeof c !== 'object' || c === null) return [];
    const { id, name, color, since } = c as Record<string, unknown>;
    if (typeof id !== 'string' || typeof name !== 'string') return [];
    return [
      {
        id,
        name,
        color: typeof color === 'string' ? color : '#722ED1',
        since: typeof since === 'string' ? since : null,
      },
    ];
  });
}

/** 圈层: chips linking to each circle, with the day the member entered it. */
export function MemberCircles({ circles }: { circles: MemberCircle[] | undefined }) {
  if (circles === undefined)
    return <Typography.Text type="secondary">圈层数据暂不可用</Typography.Text>;
  if (circles.length === 0)
    return <Typography.Text type="secondary">暂未进入任何圈层</Typography.Text>;
  return (
    <Space size={[4, 8]} wrap>
      {circles.map((c) => (
        <span key={c.id}>
          <Link to={`/circles/${encodeURIComponent(c.id)}`}>
            <CircleChip circle={c} />
          </Link>
          {c.since && <span className="circle-since">{bjDay(c.since)} 进入</span>}
        </span>
      ))}
    </Space>
  );
}
