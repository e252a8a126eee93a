import { Text, View } from '@tarojs/components';
import { useReachBottom } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { showError } from '../../api/errors';
import { type WalletEntry, type WalletSummary, walletApi } from '../../api/wallet';
import { MemberGate } from '../../components/member-gate';
import { EmptyState, Loadable, Section, ActionButton } from '../../components/ui';
import { usePullRefresh, useRemote } from '../../hooks/use-remote';
import { onChange } from '../../lib/changes';
import { dateTime, yuan } from '../../lib/format';
import { go, ROUTES } from '../../lib/routes';
import '../../styles/page.scss';
import './index.scss';

const PAGE_SIZE = 20;

function WalletRow({ entry }: { entry: WalletEntry }) {
  const plus = entry.delta > 0;
  return (
    <View className="ui-row" data-testid="wallet-row">
      <View className="ui-row__main">
        <Text className="ui-row__title">{entry.reasonText}</Text>
        <Text className="ui-row__sub">
          {dateTime(entry.createdAt)}
          {entry.bonusDelta ? ` · 含赠送 ${yuan(Math.abs(entry.bonusDelta))}` : ''}
          {entry.note ? ` · ${entry.note}` : ''}
        </Text>
      </View>
      <Text className={`delta delta--${plus ? 'plus' : 'minus'}`}>
        {plus ? '+' : ''}
        {yuan(entry.delta)}
      </Text>
    </View>
  );
}

function WalletContent() {
  const first = useRemote(() => walletApi.summary(1, PAGE_SIZE), []);
  const [extra, setExtra] = useState<{ base: WalletSummary; rows: WalletEntry[]; page: number }>();
  const [loadingMore, setLoadingMore] = useState(false);
  usePullRefresh(() => first.reload());
  // A top-up paid on the page above this one: show the new balance when the member comes back.
  useEffect(() => onChange('wallet', () => void first.reload()), [first.reload]);

  const more = extra && extra.base === first.data ? extra : undefined;
  const total = first.data?.history.total ?? 0;
  const shown = (first.data?.history.items.length ?? 0) + (more?.rows.length ?? 0);
  const loadMore = async () => {
    const base = first.data;
    if (!base || loadingMore || shown >= total) return;
    setLoadingMore(true);
    try {
      const page = (more?.page ?? 1) + 1;
      const next = await walletApi.summary(page, PAGE_SIZE);
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
          <View className="wallet-card">
            <Text className="wallet-card__label">储值余额（元）</Text>
            <Text className="wallet-card__value" data-testid="wallet-balance">
              {yuan(data.balance)}
            </Text>
            <Text className="wallet-card__split">
              本金 {yuan(data.principal)} · 赠送 {yuan(data.bonus)}
            </Text>
            <ActionButton className="ui-button wallet-card__topup" onClick={() => go(ROUTES.topup)}>
              储值充值
            </ActionButton>
          </View>
          {data.rules.length ? (
            <Section title="储值优惠">
              <View className="wallet-rules">
                {data.rules.map((rule) => (
                  <Text key={rule.id} className="wallet-rules__item">
                    {rule.label}
                  </Text>
                ))}
              </View>
              <Text className="page-more">到店或线上储值即可享受</Text>
            </Section>
          ) : null}
          <Section title="储值明细">
            {data.history.items.length === 0 ? (
              <EmptyState title="暂无储值记录" hint="储值后消费更便捷" />
            ) : (
              [...data.history.items, ...(more?.rows ?? [])].map((entry) => (
                <WalletRow key={entry.id} entry={entry} />
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

export default function WalletPage() {
  return (
    <View className="page">
      <MemberGate hint="登录后查看储值余额">{() => <WalletContent />}</MemberGate>
    </View>
  );
}
