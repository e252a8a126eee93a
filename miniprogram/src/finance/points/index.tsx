import { Text, View } from '@tarojs/components';
import { useReachBottom } from '@tarojs/taro';
import { useState } from 'react';
import { showError } from '../../api/errors';
import { type PointsEntry, type PointsSummary, pointsApi } from '../../api/points';
import { MemberGate } from '../../components/member-gate';
import { PointsRow } from '../../components/points-row';
import { EmptyState, Loadable, Section } from '../../components/ui';
import { usePullRefresh, useRemote } from '../../hooks/use-remote';
import { count } from '../../lib/format';
import { go, ROUTES } from '../../lib/routes';
import '../../styles/page.scss';

const PAGE_SIZE = 20;

function PointsContent() {
  const first = useRemote(() => pointsApi.summary(1, PAGE_SIZE), []);
  // Later pages append to the first; they belong to the first page they were loaded after,
  // so a refresh (a new first page) starts the list over.
  const [extra, setExtra] = useState<{ base: PointsSummary; rows: PointsEntry[]; page: number }>();
  const [loadingMore, setLoadingMore] = useState(false);
  usePullRefresh(() => first.reload());

  const more = extra && extra.base === first.data ? extra : undefined;
  const total = first.data?.history.total ?? 0;
  const shown = (first.data?.history.items.length ?? 0) + (more?.rows.length ?? 0);
  const loadMore = async () => {
    const base = first.data;
    if (!base || loadingMore || shown >= total) return;
    setLoadingMore(true);
    try {
      const page = (more?.page ?? 1) + 1;
      const next = await pointsApi.summary(page, PAGE_SIZE);
      setExtra({ base, rows: [...(more?.rows ?? []), ...next.history.items], page });
    } catch (err) {
      showError(err);
    } finally {
      setLoadingMore(false);
    }
  };
  useReachBottom(() => void loadMore());

  return (
    <Loadable remote={first} rows={6}>
      {(data) => (
        <>
          <Section title="我的积分" extra="积分商城" onExtra={() => go(ROUTES.redeem)}>
            <View className="page-hero">
              <Text className="page-hero__value" data-testid="points-total">
                {count(data.balance)}
              </Text>
              <Text className="page-hero__label">可用积分</Text>
              {data.expiring ? (
                <Text className="page-hero__warn">
                  {count(data.expiring.amount)} 积分将于 {data.expiring.on} 过期，请尽快使用
                </Text>
              ) : null}
            </View>
          </Section>
          <Section title="积分明细">
            {data.history.items.length === 0 ? (
              <EmptyState title="暂无积分记录" hint="消费、签到、完成任务均可获得积分" />
            ) : (
              [...data.history.items, ...(more?.rows ?? [])].map((entry) => (
                <PointsRow key={entry.id} entry={entry} />
              ))
            )}
            {shown > 0 ? (
              <Text className="page-more" onClick={() => void loadMore()}>
                {shown < total ? (loadingMore ? '加载中…' : '加载更多') : '没有更多了'}
              </Text>
            ) : null}
          </Section>
        </>
      )}
    </Loadable>
  );
}

export default function PointsPage() {
  return (
    <View className="page">
      <MemberGate hint="登录后查看积分">{() => <PointsContent />}</MemberGate>
    </View>
  );
}
