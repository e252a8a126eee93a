import { Alert, Descriptions, Modal } from 'antd';
import type { GrantEstimate } from '../../api/points';
import { count } from '../../format';

/**
 * The confirm step of a bulk grant: the server's count of the members it reaches and the points
 * it moves, before anything runs. A non-admin's large grant is submitted for an admin's approval
 * instead of running, and the dialog says so.
 */
export function GrantConfirm({
  estimate,
  target,
  submitting,
  onConfirm,
  onCancel,
}: {
  estimate: GrantEstimate | null;
  /** The segment as the form names it (等级 / 会员号名单). */
  target: string;
  submitting: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const verb = estimate?.kind === 'deduct' ? '扣减' : '发放';
  const approval = estimate?.approval.required ?? false;
  return (
    <Modal
      open={estimate !== null}
      title={`确认批量${verb}积分`}
      okText={approval ? '提交审批' : `确认${verb}`}
      cancelText="取消"
      okButtonProps={{ disabled: estimate?.members === 0 }}
      confirmLoading={submitting}
      onOk={onConfirm}
      onCancel={onCancel}
      destroyOnHidden
    >
      {estimate && (
        <>
          <Descriptions
            column={1}
            size="small"
            bordered
            items={[
              { key: 'target', label: '对象', children: target },
              { key: 'members', label: '人数', children: `${count(estimate.members)} 人` },
              { key: 'points', label: '每人积分', children: count(estimate.points) },
              {
                key: 'total',
                label: '积分总额',
                children: `${count(estimate.totalPoints)} 积分`,
              },
            ]}
          />
          {estimate.unknownMemberNos > 0 && (
            <Alert
              className="panel-block-top"
              type="warning"
              showIcon
              title={`${count(estimate.unknownMemberNos)} 个会员号不存在，将记为失败，不会${verb}`}
            />
          )}
          {estimate.kind === 'deduct' && (
            <Alert
              className="panel-block-top"
              type="info"
              showIcon
              title="积分不足的会员将跳过并记为失败"
            />
          )}
          {estimate.members === 0 && (
            <Alert className="panel-block-top" type="error" showIcon title="没有符合条件的会员" />
          )}
          {approval && (
            <Alert
              className="panel-block-top"
              type="warning"
              showIcon
              title="待管理员审批"
              description={`超过 ${count(estimate.approval.maxMembers)} 人或 ${count(
                estimate.approval.maxPoints,
              )} 积分的批量操作需由另一位管理员批准后才会执行。`}
            />
          )}
        </>
      )}
    </Modal>
  );
}
