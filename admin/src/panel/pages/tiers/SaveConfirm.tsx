import { Alert, Modal, Table, Typography } from 'antd';
import type { LadderPreview } from '../../api/tiers';
import { effectiveText } from './ladderRules';

type Row = LadderPreview['tiers'][number];

/**
 * The last step before a ladder save: what the tier run that applies it will do (the server's
 * preview of exactly these values, fetched when 保存 was clicked) and when that run is.
 */
export function SaveConfirm({
  preview,
  saving,
  onConfirm,
  onCancel,
}: {
  preview: LadderPreview | null;
  saving: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <Modal
      open={preview !== null}
      title="确认保存等级设置"
      okText="确认保存"
      cancelText="取消"
      confirmLoading={saving}
      onOk={onConfirm}
      onCancel={onCancel}
      width={720}
      destroyOnHidden
    >
      {preview && (
        <section aria-label="保存影响">
          <Typography.Paragraph strong>{effectiveText(preview.effectiveAt)}</Typography.Paragraph>
          <Typography.Paragraph>
            届时按新门槛重新评定全部 {preview.totalMembers} 名会员：升级 {preview.movesUp} 人，降级{' '}
            {preview.movesDown}{' '}
            人。降级只发生在会员各自的评定日；未达新保级门槛的会员列为“保级风险”。
          </Typography.Paragraph>
          {preview.outsideLadder > 0 && (
            <Alert
              className="panel-block"
              type="warning"
              showIcon
              title={`${preview.outsideLadder} 名会员的当前等级不在新阶梯中，暂时保留原等级`}
            />
          )}
          <Table<Row>
            size="small"
            rowKey="code"
            pagination={false}
            dataSource={preview.tiers}
            columns={[
              { title: '等级', dataIndex: 'name' },
              { title: '当前人数', dataIndex: 'current', align: 'right' },
              { title: '生效后人数', dataIndex: 'preview', align: 'right' },
              { title: '升出', dataIndex: 'up', align: 'right' },
              { title: '降出', dataIndex: 'down', align: 'right' },
              { title: '保级风险', dataIndex: 'atRisk', align: 'right' },
            ]}
          />
        </section>
      )}
    </Modal>
  );
}
