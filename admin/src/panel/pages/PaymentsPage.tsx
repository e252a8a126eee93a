import { App, Button, Card, Select, Table, Tag } from 'antd';
import { useState } from 'react';
import { type AdminPayOrder, listPayOrders } from '../api/payments';
import { useCanWrite } from '../auth/session';
import { LoadError } from '../components/LoadError';
import { dateTime } from '../format';
import { useApiData } from '../hooks/useApiData';
import { PageTitle } from '../layout/PagePlaceholder';
import { formatYuan } from '../money';
import { RefundModal, refundDoneText } from './payments/RefundModal';

const STATUS: Record<AdminPayOrder['status'], { text: string; color?: string }> = {
  pending: { text: '待支付', color: 'orange' },
  paid: { text: '已支付', color: 'green' },
  closed: { text: '已关闭' },
  refunded: { text: '已退款', color: 'red' },
};

/** WeChat Pay orders (储值、付费会员) and refunds. */
export default function PaymentsPage() {
  const { message } = App.useApp();
  const writable = useCanWrite('payments');
  const [status, setStatus] = useState<AdminPayOrder['status'] | undefined>(undefined);
  const [page, setPage] = useState(1);
  const orders = useApiData(
    (signal) => listPayOrders({ page, pageSize: 20, status }, signal),
    [page, status],
  );
  const [refunding, setRefunding] = useState<AdminPayOrder | null>(null);

  return (
    <>
      <PageTitle
        title="支付订单"
        extra={
          <Select
            allowClear
            placeholder="全部状态"
            className="panel-select"
            value={status}
            onChange={(v) => {
              setStatus(v);
              setPage(1);
            }}
            options={Object.entries(STATUS).map(([value, s]) => ({ value, label: s.text }))}
          />
        }
      />
      {orders.error && <LoadError error={orders.error} onRetry={orders.reload} />}
      <Card>
        <Table<AdminPayOrder>
          rowKey="outTradeNo"
          loading={orders.loading}
          dataSource={orders.data?.items ?? []}
          locale={{ emptyText: '暂无支付订单' }}
          scroll={{ x: 1000 }}
          pagination={{
            current: page,
            pageSize: 20,
            total: orders.data?.total ?? 0,
            onChange: setPage,
            showTotal: (t) => `共 ${t} 笔`,
          }}
          columns={[
            { title: '商户单号', dataIndex: 'outTradeNo' },
            { title: '会员', dataIndex: 'memberNo' },
            {
              title: '类型',
              dataIndex: 'kind',
              render: (k: string) => (k === 'topup' ? '储值' : '付费会员'),
            },
            { title: '商品', dataIndex: 'description' },
            { title: '金额', dataIndex: 'amount', align: 'right', render: formatYuan },
            { title: '已退', dataIndex: 'refunded', align: 'right', render: formatYuan },
            {
              title: '状态',
              dataIndex: 'status',
              render: (s: AdminPayOrder['status']) => (
                <Tag color={STATUS[s].color}>{STATUS[s].text}</Tag>
              ),
            },
            { title: '支付时间', dataIndex: 'paidAt', render: dateTime },
            ...(writable
              ? [
                  {
                    title: '操作',
                    key: 'refund',
                    render: (_: unknown, o: AdminPayOrder) =>
                      o.status === 'paid' &&
                      o.refunded < o.amount && (
                        <Button type="link" size="small" danger onClick={() => setRefunding(o)}>
                          退款
                        </Button>
                      ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      {refunding && (
        <RefundModal
          order={refunding}
          onClose={() => setRefunding(null)}
          onDone={(r) => {
            setRefunding(null);
            message.success(refundDoneText(r));
            orders.reload();
          }}
        />
      )}
    </>
  );
}
