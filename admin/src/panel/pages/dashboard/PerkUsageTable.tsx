import { Table } from 'antd';
import type { ValueOverview } from '../../api/value';
import { count, percent } from '../../format';

type PerkRow = ValueOverview['perkPenetration']['perks'][number];

/** Per perk and tier: eligible, claimed and used members, and the usage rate. */
export function PerkUsageTable({
  rows,
  nameOf,
}: {
  rows: PerkRow[];
  nameOf: (tierCode: string) => string;
}) {
  return (
    <Table<PerkRow>
      rowKey={(r) => `${r.perkCode}:${r.tierCode}`}
      size="small"
      dataSource={rows}
      pagination={{ pageSize: 8, hideOnSinglePage: true }}
      locale={{ emptyText: '暂无权益数据' }}
      columns={[
        { title: '权益', dataIndex: 'perkName' },
        { title: '等级', dataIndex: 'tierCode', render: nameOf },
        { title: '可享人数', dataIndex: 'eligibleMembers', align: 'right', render: count },
        { title: '领取人数', dataIndex: 'membersClaimed', align: 'right', render: count },
        { title: '使用人数', dataIndex: 'membersUsed', align: 'right', render: count },
        {
          title: '使用率',
          dataIndex: 'usageRate',
          align: 'right',
          render: (r: number) => percent(r, 1),
        },
      ]}
    />
  );
}
