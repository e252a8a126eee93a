import { Table, Tag } from 'antd';
import { useState } from 'react';
import { fetchMemberOrders, type MemberOrderView } from '../../api/member360';
import { LoadError } from '../../components/LoadError';
import { useApiData } from '../../hooks/useApiData';
import { formatYuan } from '../../money';
import { bjTime, CHANNEL_TEXT } from './labels';

const PAGE_SIZE = 10;

function statusOf(o: MemberOrderView): { text: string; color?: string } {
  if (o.refunded === 0) return { text: '已支付', color: 'green' };
  return o.refunded >= o.amount
    ? { text: '已退款', color: 'red' }
    : { text: '部分退款', color: 'orange' };
}

function ItemsTable({ order }: { order: MemberOrderView }) {
  return (
    <Table
      size="small"
      rowKey={(i) => `${i.sku}:${i.name}`}
      dataSource={order.items}
      pagination={false}
      locale={{ emptyText: '无商品明细' }}
      columns={[
        { title: '商品', dataIndex: 'name' },
        { title: 'SKU', dataIndex: 'sku' },
        { title: '品类', dataIndex: 'category' },
        { title: '数量', dataIndex: 'quantity', align: 'right' },
        { title: '单价', dataIndex: 'unitPrice', align: 'right', render: formatYuan },
        {
          title: '小计',
          key: 'sum',
          align: 'right',
          render: (_: unknown, i) => formatYuan(i.unitPrice * i.quantity),
        },
      ]}
    />
  );
}

/** The member's orders, paged on the server, each expandable to its items. */
export function MemberOrders({ memberNo }: { memberNo: string }) {
  const [page, setPage] = useState(1);
  const orders = useApiData(
    (signal) => fetchMemberOrders(memberNo, page, PAGE_SIZE, signal),
    [memberNo, page],
  );
  return (
    <>
      {orders.error && <LoadError error={orders.error} onRetry={orders.reload} />}
      <Table<MemberOrderView>
        size="small"
        rowKey="orderNo"
        loading={orders.loading}
        dataSource={orders.data?.items ?? []}
        locale={{ emptyText: '暂无订单' }}
        expandable={{ expandedRowRender: (o) => <ItemsTable order={o} /> }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: orders.data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (n) => `共 ${n} 笔`,
          onChange: setPage,
        }}
        columns={[
          { title: '订单号', dataIndex: 'orderNo' },
          { title: '支付时间', dataIndex: 'paidAt', render: bjTime },
          {
            title: '门店',
            key: 'store',
            render: (_: unknown, o) => o.storeName ?? o.storeCode ?? '线上',
          },
          { title: '渠道', dataIndex: 'channel', render: (c: string) => CHANNEL_TEXT[c] ?? c },
          {
            title: '商品',
            key: 'items',
            render: (_: unknown, o) =>
              o.items.map((i) => `${i.name}×${i.quantity}`).join('、') || '—',
          },
          { title: '金额', dataIndex: 'amount', align: 'right', render: formatYuan },
          { title: '已退款', dataIndex: 'refunded', align: 'right', render: formatYuan },
          {
            title: '状态',
            key: 'status',
            render: (_: unknown, o) => {
              const s = statusOf(o);
              return <Tag color={s.color}>{s.text}</Tag>;
            },
          },
        ]}
      />
    </>
  );
}
