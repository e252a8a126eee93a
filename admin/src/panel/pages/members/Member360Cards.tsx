import { Button, Card, Col, Descriptions, Empty, List, Row, Space, Statistic, Tag } from 'antd';
import type { Member360View } from '../../api/member360';
import { formatYuan } from '../../money';
import { EVENT_KIND_TEXT } from '../events/eventRules';
import { bjDay, bjTime, FOLLOW_UP_STATUS_TEXT, SIGNUP_STATE_TEXT, TAG_SOURCE_TEXT } from './labels';

const kindText = (k: string) => (EVENT_KIND_TEXT as Record<string, string>)[k] ?? k;
const none = (text: string) => <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={text} />;

interface Props {
  data: Member360View | undefined;
  loading: boolean;
  /** Adjust buttons (admin and ops); analysts read only. */
  writable: boolean;
  onAdjustPoints: () => void;
  onAdjustWallet: () => void;
}

/** Balances, paid membership and value scores: the first row of the member 360. */
export function Member360Balances({
  data,
  loading,
  writable,
  onAdjustPoints,
  onAdjustWallet,
}: Props) {
  const v = data?.value;
  return (
    <Row gutter={[16, 16]} className="panel-block">
      <Col xs={24} md={12} xl={6}>
        <Card
          title="积分"
          loading={loading}
          aria-label="积分"
          extra={
            writable && (
              <Button size="small" onClick={onAdjustPoints} disabled={!data}>
                调整积分
              </Button>
            )
          }
        >
          {data && (
            <>
              <Statistic title="可用积分" value={data.points.balance.toLocaleString('zh-CN')} />
              <div className="panel-block-top">
                {data.points.expiring
                  ? `${data.points.expiring.amount.toLocaleString('zh-CN')} 积分将于 ${data.points.expiring.on} 过期`
                  : '近期无积分过期'}
              </div>
            </>
          )}
        </Card>
      </Col>
      <Col xs={24} md={12} xl={6}>
        <Card
          title="储值"
          loading={loading}
          aria-label="储值"
          extra={
            writable && (
              <Button size="small" onClick={onAdjustWallet} disabled={!data}>
                调整储值
              </Button>
            )
          }
        >
          {data && (
            <>
              <Statistic title="储值余额" value={formatYuan(data.wallet.balance)} />
              <Space className="panel-block-top" size="large">
                <span>本金 {formatYuan(data.wallet.principal)}</span>
                <span>赠送金 {formatYuan(data.wallet.bonus)}</span>
              </Space>
            </>
          )}
        </Card>
      </Col>
      <Col xs={24} md={12} xl={6}>
        <Card title="付费会员" loading={loading} aria-label="付费会员">
          {data &&
            (data.membership.active ? (
              <Descriptions column={1} size="small">
                <Descriptions.Item label="状态">
                  <Tag color="gold">有效</Tag>
                </Descriptions.Item>
                <Descriptions.Item label="方案">
                  {data.membership.planName ?? '—'}
                </Descriptions.Item>
                <Descriptions.Item label="有效期至">
                  {bjDay(data.membership.validUntil)}
                </Descriptions.Item>
              </Descriptions>
            ) : (
              none('未开通付费会员')
            ))}
        </Card>
      </Col>
      <Col xs={24} md={12} xl={6}>
        <Card title="会员价值" loading={loading} aria-label="会员价值">
          {v &&
            (v.segment === null ? (
              none('尚未评分（暂无消费或尚未运行价值计算）')
            ) : (
              <Descriptions column={1} size="small">
                <Descriptions.Item label="RFM 分层">
                  <Tag color="blue">{v.segment}</Tag>
                  {v.segmentFlags}
                </Descriptions.Item>
                <Descriptions.Item label="12 个月 CLV">
                  {v.clv12mFen === null ? '—' : formatYuan(v.clv12mFen)}
                </Descriptions.Item>
                <Descriptions.Item label="活跃概率 P(alive)">
                  {v.pAlive === null ? '—' : `${(v.pAlive * 100).toFixed(1)}%`}
                </Descriptions.Item>
                <Descriptions.Item label="评分日期">{v.asOf ?? '—'}</Descriptions.Item>
              </Descriptions>
            ))}
        </Card>
      </Col>
    </Row>
  );
}

/** Tags, consultants, events, notes and follow-ups: the second row of the member 360. */
export function Member360Relations({ data, loading }: Pick<Props, 'data' | 'loading'>) {
  return (
    <Row gutter={[16, 16]} className="panel-block">
      <Col xs={24} xl={8}>
        <Card title="标签与专属顾问" loading={loading} aria-label="标签与专属顾问">
          {data && (
            <Descriptions column={1} size="small">
              <Descriptions.Item label="标签">
                {data.tags.length === 0
                  ? '暂无标签'
                  : data.tags.map((t) => (
                      <Tag key={t.tagId} title={TAG_SOURCE_TEXT[t.source] ?? t.source}>
                        {t.groupName}：{t.name}
                      </Tag>
                    ))}
              </Descriptions.Item>
              <Descriptions.Item label="专属顾问">
                {data.consultants.length === 0
                  ? '暂无'
                  : data.consultants.map((c) => <Tag key={c.userId}>{c.name}</Tag>)}
              </Descriptions.Item>
            </Descriptions>
          )}
        </Card>
      </Col>
      <Col xs={24} xl={8}>
        <Card title="活动报名" loading={loading} aria-label="活动报名">
          {data && (
            <List
              size="small"
              dataSource={data.events}
              locale={{ emptyText: none('暂无活动报名') }}
              renderItem={(e) => (
                <List.Item
                  key={e.eventId}
                  extra={<Tag>{SIGNUP_STATE_TEXT[e.state] ?? e.state}</Tag>}
                >
                  <List.Item.Meta
                    title={e.title}
                    description={`${kindText(e.kind)} · ${bjTime(e.startAt)}`}
                  />
                </List.Item>
              )}
            />
          )}
        </Card>
      </Col>
      <Col xs={24} xl={8}>
        <Card title="备注与跟进" loading={loading} aria-label="备注与跟进">
          {data && (
            <>
              <List
                size="small"
                header="顾问备注"
                dataSource={data.notes}
                locale={{ emptyText: '暂无备注' }}
                renderItem={(n) => (
                  <List.Item key={n.id}>
                    <List.Item.Meta
                      title={`${n.consultantName || n.consultantUserId} · ${bjTime(n.createdAt)}`}
                      description={n.text}
                    />
                  </List.Item>
                )}
              />
              <List
                size="small"
                header="跟进事项"
                dataSource={data.followUps}
                locale={{ emptyText: '暂无跟进事项' }}
                renderItem={(f) => (
                  <List.Item
                    key={f.id}
                    extra={
                      <Tag color={f.status === 'open' ? 'orange' : 'green'}>
                        {FOLLOW_UP_STATUS_TEXT[f.status] ?? f.status}
                      </Tag>
                    }
                  >
                    <List.Item.Meta
                      title={f.title}
                      description={
                        f.status === 'done'
                          ? `完成于 ${bjTime(f.doneAt)}${f.outcome ? `：${f.outcome}` : ''}`
                          : `截止 ${bjTime(f.dueAt)}`
                      }
                    />
                  </List.Item>
                )}
              />
            </>
          )}
        </Card>
      </Col>
    </Row>
  );
}
