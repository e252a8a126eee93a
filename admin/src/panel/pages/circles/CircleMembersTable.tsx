import { Table, type TablePaginationConfig } from 'antd';
import { Link } from 'react-router-dom';
import type { CircleMemberRow } from '../../api/circles';
import { day, percent, yuan } from '../../format';

/** Members of a circle (or a preview's sample) with their value figures. */
export function CircleMembersTable({
  rows,
  nameOfTier,
  loading,
  pagination = false,
  showSince = false,
  emptyText = '暂无会员',
}: {
  rows: CircleMemberRow[];
  nameOfTier: (code: string) => string;
  loading?: boolean;
  pagination?: TablePaginationConfig | false;
  showSince?: boolean;
  emptyText?: string;
}) {
  return (
    <Table<CircleMemberRow>
      size="small"
      rowKey="memberNo"
      loading={loading}
      dataSource={rows}
      pagination={pagination}
      locale={{ emptyText }}
      scroll={{ x: 720 }}
      columns={[
        {
          title: '会员号',
          dataIndex: 'memberNo',
          render: (no: string) => <Link to={`/members/${encodeURIComponent(no)}`}>{no}</Link>,
        },
        { title: '昵称', dataIndex: 'nickname' },
        { title: '等级', dataIndex: 'tierCode', render: nameOfTier },
        { title: 'RFM 分层', dataIndex: 'segment', render: (s: string | null) => s ?? '—' },
        { title: '近一年消费', dataIndex: 'monetaryFen', align: 'right', render: yuan },
        { title: '预测 12 个月价值', dataIndex: 'clv12mFen', align: 'right', render: yuan },
        {
          title: '活跃概率',
          dataIndex: 'pAlive',
          align: 'right',
          render: (p: number | null) => (p === null ? '—' : percent(p)),
        },
        ...(showSince
          ? [{ title: '入圈日期', dataIndex: 'since', render: (s: string | null) => day(s) }]
          : []),
      ]}
    />
  );
}
