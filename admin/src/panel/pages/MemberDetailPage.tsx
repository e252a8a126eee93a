import { ArrowLeftOutlined, EditOutlined } from '@ant-design/icons';
import { App, Button, Card, Descriptions, Space, Tabs } from 'antd';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { fetchMember360 } from '../api/member360';
import { fetchMember } from '../api/members';
import { useCanWrite } from '../auth/session';
import { LoadError } from '../components/LoadError';
import { TierTag } from '../components/TierTag';
import { useApiData } from '../hooks/useApiData';
import { useTierOptions } from '../hooks/useTierOptions';
import { PageTitle } from '../layout/PagePlaceholder';
import { formatYuan } from '../money';
import { AdjustPointsDialog, AdjustWalletDialog } from './members/AdjustDialogs';
import { IdentitiesTable, MergesTable, TierHistoryTable } from './members/DetailTables';
import { Member360Balances, Member360Relations } from './members/Member360Cards';
import { circlesOf, MemberCircles } from './members/MemberCircles';
import { MemberOrders } from './members/MemberOrders';
import { MemberTimeline } from './members/MemberTimeline';
import { bjDay, bjTime } from './members/labels';
import { TierOverrideForm } from './members/TierOverrideForm';

/** 会员 360: the profile, balances, value, relations, timeline and orders of one member. */
export default function MemberDetailPage() {
  const { memberNo = '' } = useParams();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const writable = useCanWrite('members');
  const { options: tierOptions, nameOf: tierName } = useTierOptions();
  const member = useApiData((signal) => fetchMember(memberNo, signal), [memberNo]);
  const overview = useApiData((signal) => fetchMember360(memberNo, signal), [memberNo]);
  const [overriding, setOverriding] = useState(false);
  const [adjusting, setAdjusting] = useState<'points' | 'wallet' | null>(null);
  // Bumped after an adjustment: the timeline starts over and shows the new entry.
  const [timelineKey, setTimelineKey] = useState(0);
  const m = member.data;
  const o = overview.data;
  const applied = () => {
    overview.reload();
    setTimelineKey((k) => k + 1);
  };

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
            <Descriptions.Item label="等级有效期">{bjDay(m.tierValidUntil)}</Descriptions.Item>
            <Descriptions.Item label="成长值">{m.growth}</Descriptions.Item>
            <Descriptions.Item label="累计消费">{formatYuan(m.totalSpend)}</Descriptions.Item>
            <Descriptions.Item label="订单数">{m.orderCount}</Descriptions.Item>
            <Descriptions.Item label="生日">{m.birthday ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="注册时间">{bjTime(m.createdAt)}</Descriptions.Item>
            <Descriptions.Item label="状态">
              {m.status === 'active' ? '正常' : '已合并'}
            </Descriptions.Item>
            {m.tierOverride && (
              <Descriptions.Item label="手动等级">
                {tierName(m.tierOverride.code)} 至 {bjDay(m.tierOverride.until)}（
                {m.tierOverride.reason}）
              </Descriptions.Item>
            )}
            <Descriptions.Item label="圈层" span="filled">
              <MemberCircles circles={circlesOf(m)} />
            </Descriptions.Item>
          </Descriptions>
        )}
      </Card>
      {overview.error && (
        <div className="panel-block">
          <LoadError error={overview.error} onRetry={overview.reload} />
        </div>
      )}
      {!overview.error && (
        <>
          <Member360Balances
            data={o}
            loading={overview.loading && !o}
            writable={writable}
            onAdjustPoints={() => setAdjusting('points')}
            onAdjustWallet={() => setAdjusting('wallet')}
          />
          <Member360Relations data={o} loading={overview.loading && !o} />
        </>
      )}
      <Card>
        <Tabs
          items={[
            {
              key: 'timeline',
              label: '时间线',
              children: <MemberTimeline memberNo={memberNo} refreshKey={timelineKey} />,
            },
            { key: 'orders', label: '订单', children: <MemberOrders memberNo={memberNo} /> },
            {
              key: 'tiers',
              label: '等级历史',
              children: m && <TierHistoryTable rows={m.tierHistory} tierName={tierName} />,
            },
            {
              key: 'ids',
              label: '身份与合并',
              children: m && (
                <>
                  <IdentitiesTable rows={m.identities} />
                  <MergesTable rows={m.merges} />
                </>
              ),
            },
          ]}
        />
      </Card>
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
      {o && writable && (
        <>
          <AdjustPointsDialog
            memberNo={memberNo}
            balance={o.points.balance}
            open={adjusting === 'points'}
            onClose={() => setAdjusting(null)}
            onApplied={applied}
          />
          <AdjustWalletDialog
            memberNo={memberNo}
            wallet={o.wallet}
            open={adjusting === 'wallet'}
            onClose={() => setAdjusting(null)}
            onApplied={applied}
          />
        </>
      )}
    </>
  );
}
