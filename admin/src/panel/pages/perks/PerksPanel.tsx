import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Popconfirm, Segmented, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { errorText } from '../../api/errors';
import { archivePerk, listPerks, type PerkView } from '../../api/perks';
import { useCanWrite } from '../../auth/session';
import { CircleChips } from '../../components/CircleChip';
import { LoadError } from '../../components/LoadError';
import { dateTime } from '../../format';
import { useApiData } from '../../hooks/useApiData';
import { useCircleOptions } from '../../hooks/useCircleOptions';
import { useTierOptions } from '../../hooks/useTierOptions';
import { AssignTiersModal } from './AssignTiersModal';
import { couponText } from './couponTerms';
import { PerkForm } from './PerkForm';
import { PERIOD_TEXT, PERK_KIND_TEXT } from './perkRules';

type StatusFilter = 'active' | 'archived' | 'all';

/** The perk catalogue: list, create/edit, tier assignment, archive. Analysts only read. */
export default function PerksPanel() {
  const { message } = App.useApp();
  const writable = useCanWrite('tiers');
  const { options: tierOptions, nameOf } = useTierOptions();
  const { options: circleOptions, circleOf } = useCircleOptions();
  const [status, setStatus] = useState<StatusFilter>('active');
  const perks = useApiData((signal) => listPerks(status, signal), [status]);
  const [editing, setEditing] = useState<PerkView | null | undefined>(undefined);
  const [assigning, setAssigning] = useState<PerkView | null>(null);

  function saved(text: string) {
    message.success(text);
    perks.reload();
  }

  async function archive(perk: PerkView) {
    try {
      await archivePerk(perk.code);
      saved(`已下架「${perk.name}」`);
    } catch (err) {
      message.error(errorText(err));
    }
  }

  return (
    <Card
      title="权益目录"
      extra={
        <Space>
          <Segmented<StatusFilter>
            value={status}
            onChange={setStatus}
            options={[
              { value: 'active', label: '生效中' },
              { value: 'archived', label: '已下架' },
              { value: 'all', label: '全部' },
            ]}
          />
          {writable && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)}>
              新建权益
            </Button>
          )}
        </Space>
      }
    >
      {!writable && (
        <Alert
          className="panel-block"
          type="info"
          showIcon
          title="只读账号：可查看权益，不能修改"
        />
      )}
      {perks.error && <LoadError error={perks.error} onRetry={perks.reload} />}
      <Table<PerkView>
        rowKey="code"
        size="small"
        loading={perks.loading}
        dataSource={perks.data?.items ?? []}
        locale={{ emptyText: '暂无权益' }}
        pagination={false}
        scroll={{ x: 1040 }}
        columns={[
          { title: '代码', dataIndex: 'code' },
          { title: '名称', dataIndex: 'name' },
          {
            title: '类型',
            dataIndex: 'kind',
            render: (k: PerkView['kind'], p: PerkView) => (
              <>
                {PERK_KIND_TEXT[k]}
                {p.coupon ? <div className="panel-muted">{couponText(p.coupon)}</div> : null}
              </>
            ),
          },
          {
            title: '适用等级',
            dataIndex: 'tierCodes',
            render: (codes: string[]) => codes.map((c) => <Tag key={c}>{nameOf(c)}</Tag>),
          },
          {
            title: '圈层',
            key: 'circles',
            render: (_: unknown, p: PerkView) => (
              <>
                <CircleChips ids={p.circleIds} circleOf={circleOf} />
                {p.showLocked && (p.circleIds ?? []).length > 0 && <Tag>圈外显示锁定</Tag>}
              </>
            ),
          },
          {
            title: '额度',
            dataIndex: 'quota',
            render: (q: PerkView['quota']) => `${PERIOD_TEXT[q.period]} ${q.limit} 次`,
          },
          { title: '有效天数', dataIndex: 'validityDays', align: 'right' },
          {
            title: '状态',
            dataIndex: 'status',
            render: (s: PerkView['status']) =>
              s === 'active' ? <Tag color="green">生效中</Tag> : <Tag>已下架</Tag>,
          },
          { title: '更新时间', dataIndex: 'updatedAt', render: dateTime },
          ...(writable
            ? [
                {
                  title: '操作',
                  key: 'actions',
                  render: (_: unknown, p: PerkView) =>
                    p.status === 'active' && (
                      <Space size={0}>
                        <Button type="link" size="small" onClick={() => setEditing(p)}>
                          编辑
                        </Button>
                        <Button type="link" size="small" onClick={() => setAssigning(p)}>
                          分配等级
                        </Button>
                        <Popconfirm
                          title="下架后会员不能再领取，已发放的仍可核销。确认下架？"
                          okText="下架"
                          cancelText="取消"
                          onConfirm={() => archive(p)}
                        >
                          <Button type="link" size="small" danger>
                            下架
                          </Button>
                        </Popconfirm>
                      </Space>
                    ),
                },
              ]
            : []),
        ]}
      />
      <PerkForm
        perk={editing ?? null}
        open={editing !== undefined}
        tierOptions={tierOptions}
        circleOptions={circleOptions}
        onClose={() => setEditing(undefined)}
        onSaved={(p) => {
          setEditing(undefined);
          saved(`已保存「${p.name}」`);
        }}
      />
      <AssignTiersModal
        perk={assigning}
        tierOptions={tierOptions}
        onClose={() => setAssigning(null)}
        onSaved={(p) => {
          setAssigning(null);
          saved(`已更新「${p.name}」的适用等级`);
        }}
      />
    </Card>
  );
}
