import { Spin, Tabs } from 'antd';
import { lazy, Suspense } from 'react';
import { PageTitle } from '../layout/PagePlaceholder';
import { LadderEditor } from './tiers/LadderEditor';

// Each tab beyond the ladder is its own chunk, fetched when the tab is first opened.
const PerksPanel = lazy(() => import('./perks/PerksPanel'));
const WalletRulesPanel = lazy(() => import('./wallet/WalletRulesPanel'));
const GrantPanel = lazy(() => import('./points/GrantPanel'));
const ItemsPanel = lazy(() => import('./points/ItemsPanel'));

export default function TiersPage() {
  return (
    <>
      <PageTitle title="等级与权益" />
      <Tabs
        destroyOnHidden
        items={[
          { key: 'ladder', label: '等级阶梯', children: <LadderEditor /> },
          {
            key: 'perks',
            label: '权益',
            children: (
              <Suspense fallback={<Spin />}>
                <PerksPanel />
              </Suspense>
            ),
          },
          {
            key: 'wallet',
            label: '储值规则',
            children: (
              <Suspense fallback={<Spin />}>
                <WalletRulesPanel />
              </Suspense>
            ),
          },
          {
            key: 'items',
            label: '积分兑换',
            children: (
              <Suspense fallback={<Spin />}>
                <ItemsPanel />
              </Suspense>
            ),
          },
          {
            key: 'grants',
            label: '积分批量发放',
            children: (
              <Suspense fallback={<Spin />}>
                <GrantPanel />
              </Suspense>
            ),
          },
        ]}
      />
    </>
  );
}
