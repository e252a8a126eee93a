import { ArrowLeftOutlined, EditOutlined } from '@ant-design/icons';
import { App, Button, Card, Descriptions, Space, Tabs } from 'antd';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { fetchMember } from '../api/members';
import { useCanWrite } from '../auth/session';
import { LoadError } from '../components/LoadError';
import { TierTag } from '../components/TierTag';
import { dateTime, day, yuan } from '../format';
import { useApiData } from '../hooks/useApiData';
import { useTierOptions } from '../hooks/useTierOptions';
import { PageTitle } from '../layout/PagePlaceholder';
import {
  IdentitiesTable,
  MergesTable,
  OrdersTable,
  TierHistoryTable,
} from './members/DetailTables';
import { circlesOf, MemberCircles } from './members/MemberCircles';
import { TierOverrideForm } from './members/TierOverrideForm';

const REASONS: Record<string, string> = {
  initial: '入会',
  upgrade: '升级',
  downgrade: '降级',
  manual: '手动调整',
  manual_expired: '手动调整到期',
};

export default function MemberDetailPage() {
  const { memberNo = '' } = useParams();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const writable = useCanWrite('members');
  const { options: tierOptions } = useTierOptions();
  const member = useApiData((signal) => fetchMember(memberNo, signal), [memberNo]);
  const [overriding, setOverriding] = useState(false);
  const m = member.data;

  return (
    <>
      <PageTitle
        title={m ? `会员 ${m.nickname}（${m.memberNo}）` : `会员 ${memberNo}`}
        extra={
          <Space>
            <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)}>
              返回
            </Button>
            {writable && m && (
              <Button type="primary" icon={<EditOutlined />} onClick={() => setOverriding(true)}>
                调整等级
              </Button>
            )}
          </Space>
        }
      />
      {member.error && <LoadError error={member.error} onRetry={member.reload} />}
      <Card loading={member.loading && !m} className="panel-block">
        {m && (
          <Descriptions column={{ xs: 1, md: 2, xl: 3 }} size="small">
            <Descriptions.Item label="会员号">{m.memberNo}</Descriptions.Item>
            <Descriptions.Item label="昵称">{m.nickname}</Descriptions.Item>
            <Descriptions.Item label="手机号">{m.phoneMasked ?? '未绑定'}</Descriptions.Item>
            <Descriptions.Item label="等级">
              <TierTag tier={m.tier} />
            </Descriptions.Item>
            <Descriptions.Item label="等级有效期">{day(m.tierValidUntil)}</Descriptions.Item>
            <Descriptions.Item label="成长值">{m.growth}</Descriptions.Item>
            <Descriptions.Item label="累计消费">{yuan(m.totalSpend)}</Descriptions.Item>
            <Descriptions.Item label="订单数">{m.orderCount}</Descriptions.Item>
            <Descriptions.Item label="生日">{m.birthday ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="注册时间">{dateTime(m.createdAt)}</Descriptions.Item>
            <Descriptions.Item label="状态">
              {m.status === 'active' ? '正常' : '已合并'}
            </Descriptions.Item>
            {m.tierOverride && (
              <Descriptions.Item label="手动等级">
                {m.tierOverride.code} 至 {day(m.tierOverride.until)}（{m.tierOverride.reason}）
              </Descriptions.Item>
            )}
            <Descriptions.Item label="圈层" span="filled">
              <MemberCircles circles={circlesOf(m)} />
            </Descriptions.Item>
          </Descriptions>
        )}
      </Card>
      {m && (
        <Card>
          <Tabs
            items={[
              {
                key: 'tiers',
                label: '等级历史',
                children: <TierHistoryTable rows={m.tierHistory} reasons={REASONS} />,
              },
              { key: 'orders', label: '订单', children: <OrdersTable rows={m.recentOrders} /> },
              {
                key: 'ids',
                label: '身份与合并',
                children: (
                  <>
                    <IdentitiesTable rows={m.identities} />
                    <MergesTable rows={m.merges} />
                  </>
                ),
              },
            ]}
          />
        </Card>
      )}
      {m && writable && (
        <TierOverrideForm
          member={m}
          tierOptions={tierOptions}
          open={overriding}
          onClose={() => setOverriding(false)}
          onSaved={(detail) => {
            member.setData(detail);
            setOverriding(false);
            message.success('等级已调整，已记入审计日志');
          }}
        />
      )}
    </>
  );
}
