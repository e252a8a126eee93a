import { Button, Empty, Space, Spin, Tag, Timeline, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, CLIENT_ERROR_CODES } from '../../api/client';
import { fetchTimeline, type TimelineItem } from '../../api/member360';
import { LoadError } from '../../components/LoadError';
import { formatYuan } from '../../money';
import { bjTime, TIMELINE_KIND_COLOR, TIMELINE_KIND_TEXT, timelineCodeText } from './labels';

const signed = (n: number, text: string) => `${n > 0 ? '+' : ''}${text}`;

function amountOf(item: TimelineItem): string | null {
  if (item.points !== null)
    return signed(item.points, `${item.points.toLocaleString('zh-CN')} 积分`);
  if (item.fen === null) return null;
  // Orders carry their amount; wallet entries a signed change.
  return item.kind === 'wallet' ? signed(item.fen, formatYuan(item.fen)) : formatYuan(item.fen);
}

function ItemContent({ item }: { item: TimelineItem }) {
  const code = timelineCodeText(item);
  const amount = amountOf(item);
  return (
    <div data-testid="timeline-item">
      <Space size="small" wrap>
        <Typography.Text type="secondary">{bjTime(item.at)}</Typography.Text>
        <Tag color={TIMELINE_KIND_COLOR[item.kind]}>{TIMELINE_KIND_TEXT[item.kind]}</Tag>
        <Typography.Text strong>{item.title}</Typography.Text>
        {code && <Tag>{code}</Tag>}
        {amount && <Typography.Text>{amount}</Typography.Text>}
      </Space>
      {item.text && <div>{item.text}</div>}
    </div>
  );
}

/**
 * Everything that happened to the member, newest first, 20 at a time (加载更多 follows the
 * server's cursor). `refreshKey` changes after an adjustment: the list starts over from now.
 */
export function MemberTimeline({ memberNo, refreshKey }: { memberNo: string; refreshKey: number }) {
  const [items, setItems] = useState<TimelineItem[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<ApiError | null>(null);
  const current = useRef<AbortController | null>(null);

  const load = useCallback(
    (before: string | null) => {
      current.current?.abort();
      const controller = new AbortController();
      current.current = controller;
      setLoading(true);
      setError(null);
      fetchTimeline(memberNo, before, controller.signal).then(
        (page) => {
          setItems((prev) => (before ? [...prev, ...page.items] : page.items));
          setNext(page.nextBefore);
          setLoading(false);
        },
        (err: unknown) => {
          if (controller.signal.aborted) return;
          setError(
            err instanceof ApiError
              ? err
              : new ApiError(0, CLIENT_ERROR_CODES.NETWORK, String(err)),
          );
          setLoading(false);
        },
      );
    },
    [memberNo],
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: refreshKey restarts the list
  useEffect(() => {
    load(null);
    return () => current.current?.abort();
  }, [load, refreshKey]);

  if (error && items.length === 0) return <LoadError error={error} onRetry={() => load(null)} />;
  if (loading && items.length === 0) return <Spin description="加载中…" />;
  if (items.length === 0) return <Empty description="暂无动态" />;
  return (
    <>
      <Timeline
        items={items.map((item) => ({
          key: item.id,
          color: TIMELINE_KIND_COLOR[item.kind],
          content: <ItemContent item={item} />,
        }))}
      />
      {error && <LoadError error={error} onRetry={() => load(next)} />}
      {next && !error && (
        <Button onClick={() => load(next)} loading={loading}>
          加载更多
        </Button>
      )}
      {!next && <Typography.Text type="secondary">没有更早的记录了</Typography.Text>}
    </>
  );
}
