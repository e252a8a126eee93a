import { Table, Typography } from 'antd';
import type { MemberDetail } from '../../api/members';
import { dateTime, yuan } from '../../format';

type History = MemberDetail['tierHistory'];

export function TierHistoryTable({
  rows,
  reasons,
}: {
  rows: History;
  reasons: Record<string, string>;
}) {
  return (
    <Table<History[number]>
      size="small"
      rowKey={(r) => `${r.at}-${r.to}`}
      dataSource={rows}
      pagination={false}
      locale={{ emptyText: '暂无等级变更' }}
      columns={[
        { title: '时间', dataIndex: 'at', render: dateTime },
        { title: '原等级', dataIndex: 'from', render: (v: string | null) => v ?? '—' },
        { title: '新等级', dataIndex: 'to' },
        { title: '原因', dataIndex: 'reason', render: (v: string) => reasons[v] ?? v },
        { title: '备注', dataIndex: 'note', render: (v?: string) => v ?? '—' },
      ]}
    />
  );
}

export function OrdersTable({ rows }: { rows: MemberDetail['recentOrders'] }) {
  return (
    <Table
      size="small"
      rowKey="orderNo"
      dataSource={rows}
      pagination={false}
      locale={{ emptyText: '暂无订单' }}
      columns={[
        { title: '订单号', dataIndex: 'orderNo' },
        { title: '金额', dataIndex: 'amount', align: 'right', render: yuan },
        { title: '已退款', dataIndex: 'refunded', align: 'right', render: yuan },
        { title: '渠道', dataIndex: 'channel' },
        { title: '支付时间', dataIndex: 'paidAt', render: dateTime },
      ]}
    />
  );
}

const ID_KINDS: Record<string, string> = {
  openid: '小程序 openid',
  unionid: 'unionid',
  phone: '手机号',
  external_userid: '企业微信客户',
};

export function IdentitiesTable({ rows }: { rows: MemberDetail['identities'] }) {
  return (
    <Table
      size="small"
      rowKey={(r) => `${r.kind}:${r.value}`}
      dataSource={rows}
      pagination={false}
      locale={{ emptyText: '暂无身份' }}
      columns={[
        { title: '身份类型', dataIndex: 'kind', render: (v: string) => ID_KINDS[v] ?? v },
        { title: '值', dataIndex: 'value' },
      ]}
    />
  );
}

export function MergesTable({ rows }: { rows: MemberDetail['merges'] }) {
  if (rows.length === 0) return null;
  return (
    <>
      <Typography.Title level={5} className="panel-block-top">
        OneID 合并记录
      </Typography.Title>
      <Table
        size="small"
        rowKey="id"
        dataSource={rows}
        pagination={false}
        columns={[
          { title: '保留会员', dataIndex: 'survivorNo' },
          { title: '被合并会员', dataIndex: 'loserNo' },
          { title: '状态', dataIndex: 'status' },
          { title: '原因', dataIndex: 'reason' },
          { title: '时间', dataIndex: 'at', render: dateTime },
        ]}
      />
    </>
  );
}
