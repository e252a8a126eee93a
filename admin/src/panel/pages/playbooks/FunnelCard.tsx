import { ArrowRightOutlined } from '@ant-design/icons';
import { Card, Col, Row, Statistic, Typography } from 'antd';
import type { PlaybookDefinition, PlaybookFunnel } from '../../api/playbooks';
import { count, percent, yuan } from '../../format';

const rate = (part: number, whole: number) => (whole > 0 ? percent(part / whole, 1) : '—');

/** 进入 → 触达 → 转化, with the rates and what converted members spent. */
export function FunnelCard({
  funnel,
  goal,
}: {
  funnel: PlaybookFunnel;
  goal: PlaybookDefinition['goal'] | undefined;
}) {
  return (
    <Card title="转化漏斗" size="small" className="panel-block">
      <Row gutter={[16, 16]} align="middle" className="playbook-funnel">
        <Col>
          <Statistic title="进入" value={count(funnel.entered)} suffix="人" />
        </Col>
        <Col>
          <ArrowRightOutlined className="playbook-funnel-arrow" />
        </Col>
        <Col>
          <Statistic title="触达" value={count(funnel.touched)} suffix="人" />
          <Typography.Text type="secondary">
            触达率 {rate(funnel.touched, funnel.entered)}
          </Typography.Text>
        </Col>
        <Col>
          <ArrowRightOutlined className="playbook-funnel-arrow" />
        </Col>
        <Col>
          <Statistic title="转化" value={count(funnel.converted)} suffix="人" />
          <Typography.Text type="secondary">
            转化率 {rate(funnel.converted, funnel.entered)}
          </Typography.Text>
        </Col>
        <Col flex="auto" />
        <Col>
          <Statistic title="转化会员消费" value={yuan(funnel.revenueFen)} />
        </Col>
      </Row>
      <Typography.Paragraph type="secondary" className="playbook-funnel-foot">
        进行中 {count(funnel.active)} 人 · 走完全部步骤 {count(funnel.completed)} 人 · 停止时结束{' '}
        {count(funnel.stopped)} 人{goal === 'none' && ' · 本剧本未设转化目标，下单不会提前结束'}
      </Typography.Paragraph>
    </Card>
  );
}
