import { Alert, Table, Typography } from 'antd';
import type { LadderPreview } from '../../api/tiers';

type Row = LadderPreview['tiers'][number];

function delta(row: Row) {
  const d = row.preview - row.current;
  if (d === 0) return <Typography.Text type="secondary">0</Typography.Text>;
  return (
    <Typography.Text type={d > 0 ? 'success' : 'danger'}>{d > 0 ? `+${d}` : d}</Typography.Text>
  );
}

/** Members per tier now and after the tier run that would apply the edited thresholds. */
export function PreviewTable({ result, stale }: { result: LadderPreview; stale: boolean }) {
  return (
    <section className="panel-block-top" aria-label="人数预览">
      <Typography.Title level={5}>
        按新门槛评定后的人数分布（共 {result.totalMembers} 名会员，升级 {result.movesUp} 人，降级{' '}
        {result.movesDown} 人）
      </Typography.Title>
      {stale && (
        <Alert
          className="panel-block"
          type="warning"
          showIcon
          title="数值已修改，预览已过期，请重新预览后再保存"
        />
      )}
      <Table<Row>
        size="small"
        rowKey="code"
        pagination={false}
        dataSource={result.tiers}
        columns={[
          { title: '等级', dataIndex: 'name' },
          { title: '当前人数', dataIndex: 'current', align: 'right' },
          { title: '按新门槛人数', dataIndex: 'preview', align: 'right' },
          { title: '变化', align: 'right', render: (_, row) => delta(row) },
          { title: '保级风险', dataIndex: 'atRisk', align: 'right' },
        ]}
      />
    </section>
  );
}
