import { Table, Typography } from 'antd';
import type { MemberDetail } from '../../api/members';
import { bjTime, TIER_REASON_TEXT } from './labels';

type History = MemberDetail['tierHistory'];

/** Tier changes with tier names (from the ladder) and Chinese reasons, on Beijing time. */
export function TierHistoryTable({
  rows,
  tierName,
}: {
  rows: History;
  tierName: (code: string) => string;
}) {
  return (
    <Table<History[number]>
      size="small"
      rowKey={(r) => `${r.at}-${r.to}`}
      dataSource={rows}
      pagination={false}
      locale={{ emptyText: '暂无等级变更' }}
      columns={[
        { title: '时间', dataIndex: 'at', render: bjTime },
        {
          title: '原等级',
          dataIndex: 'from',
          render: (v: string | null) => (v === null ? '—' : tierName(v)),
        },
        { title: '新等级', dataIndex: 'to', render: tierName },
        { title: '原因', dataIndex: 'reason', render: (v: string) => TIER_REASON_TEXT[v] ?? v },
        { title: '备注', dataIndex: 'note', render: (v?: string) => v ?? '—' },
      ]}
    />
  );
}

const MERGE_STATUS: Record<string, string> = {
  pending: '处理中',
  applied: '已合并',
  reversed: '已撤销',
};

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
          { title: '状态', dataIndex: 'status', render: (v: string) => MERGE_STATUS[v] ?? v },
          { title: '原因', dataIndex: 'reason' },
          { title: '时间', dataIndex: 'at', render: bjTime },
        ]}
      />
    </>
  );
}
