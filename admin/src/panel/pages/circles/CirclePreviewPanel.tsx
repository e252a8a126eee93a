import { Alert, Card, Col, Empty, Row, Space, Spin, Statistic, Typography } from 'antd';
import type { CircleRule } from '../../api/circles';
import { errorText } from '../../api/errors';
import { count, dateTime, percent, yuan } from '../../format';
import { useTierOptions } from '../../hooks/useTierOptions';
import { CircleMembersTable } from './CircleMembersTable';
import { useCirclePreview } from './usePreview';

/**
 * What the rule on screen selects right now: size, share of members and of 12-month revenue,
 * average CLV and 20 sample members. Waits for a complete rule; late answers are ignored.
 */
export function CirclePreviewPanel({
  rule,
  issueCount,
  onRejected,
  delay,
}: {
  /** The compiled rule, or null while a condition is incomplete. */
  rule: CircleRule | null;
  issueCount: number;
  onRejected?: (err: unknown) => void;
  delay?: number;
}) {
  const preview = useCirclePreview(rule, onRejected, delay);
  const { nameOf } = useTierOptions();
  const r = preview.result;
  const stale = rule !== null && r !== null && preview.key !== JSON.stringify(rule);

  return (
    <Card
      title="实时预览"
      size="small"
      className="circle-preview"
      extra={
        preview.pending ? (
          <Space size={4}>
            <Spin size="small" />
            <Typography.Text type="secondary">计算中…</Typography.Text>
          </Space>
        ) : (
          r?.profilesAt && (
            <Typography.Text type="secondary">画像更新于 {dateTime(r.profilesAt)}</Typography.Text>
          )
        )
      }
    >
      {rule === null ? (
        <Empty
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          description={
            issueCount > 0
              ? `规则尚未完成（还有 ${issueCount} 处待补全），补全后自动预览`
              : '添加条件后自动预览'
          }
        />
      ) : (
        <>
          {preview.error !== null && (
            <Alert
              className="panel-block"
              type="error"
              showIcon
              title="预览失败"
              description={errorText(preview.error)}
            />
          )}
          {r === null ? (
            preview.error === null && <Empty description="正在计算预览…" />
          ) : (
            <div className={stale ? 'circle-preview-stale' : undefined} aria-busy={stale}>
              <Row gutter={[16, 16]} className="panel-block">
                <Col span={12}>
                  <Statistic title="命中会员" value={count(r.count)} suffix="人" />
                </Col>
                <Col span={12}>
                  <Statistic
                    title={`会员占比（共 ${count(r.population)} 人）`}
                    value={percent(r.share, 1)}
                  />
                </Col>
                <Col span={12}>
                  <Statistic title="近 12 个月营收占比" value={percent(r.revenueShare, 1)} />
                </Col>
                <Col span={12}>
                  <Statistic title="平均 12 个月 CLV" value={yuan(r.avgClv12mFen)} />
                </Col>
              </Row>
              <Typography.Text type="secondary">示例会员（最多 20 名）</Typography.Text>
              <CircleMembersTable
                rows={r.sample}
                nameOfTier={nameOf}
                emptyText="没有会员满足此规则"
              />
            </div>
          )}
        </>
      )}
    </Card>
  );
}
