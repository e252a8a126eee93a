import { SearchOutlined } from '@ant-design/icons';
import { Button, Card, Form, Input, Select, Table } from 'antd';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { type MemberListItem, searchMembers } from '../api/members';
import { LoadError } from '../components/LoadError';
import { TierTag } from '../components/TierTag';
import { dateTime, yuan } from '../format';
import { useApiData } from '../hooks/useApiData';
import { useTierOptions } from '../hooks/useTierOptions';
import { PageTitle } from '../layout/PagePlaceholder';
import { MEMBER_FILTER_RULES, type MemberFilters, toQuery } from './members/filters';

const FILTER_KEYS = ['memberNo', 'phone', 'tier'] as const;

/** Member search; the filters live in the address so back/forward and reload keep them. */
export default function MembersPage() {
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const [form] = Form.useForm<MemberFilters>();
  const { options: tierOptions } = useTierOptions();

  const page = Number(params.get('page') ?? '1') || 1;
  const pageSize = Number(params.get('pageSize') ?? '20') || 20;
  const filters: MemberFilters = {};
  for (const k of FILTER_KEYS) {
    const v = params.get(k);
    if (v) filters[k] = v;
  }
  const key = params.toString();
  const result = useApiData(
    (signal) => searchMembers({ ...toQuery(filters), page, pageSize }, signal),
    [key],
  );

  function search(values: MemberFilters) {
    const next = new URLSearchParams();
    for (const [k, v] of Object.entries(toQuery(values))) if (v) next.set(k, String(v));
    setParams(next);
  }

  return (
    <>
      <PageTitle title="会员" />
      <Card className="panel-block">
        <Form
          form={form}
          layout="inline"
          name="member-search"
          initialValues={filters}
          onFinish={search}
        >
          <Form.Item name="memberNo" label="会员号" rules={MEMBER_FILTER_RULES.memberNo}>
            <Input allowClear placeholder="如 M00001234" />
          </Form.Item>
          <Form.Item name="phone" label="手机号" rules={MEMBER_FILTER_RULES.phone}>
            <Input allowClear placeholder="11 位手机号" inputMode="numeric" />
          </Form.Item>
          <Form.Item name="tier" label="等级">
            <Select
              allowClear
              placeholder="全部等级"
              options={tierOptions}
              className="panel-select"
            />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
              搜索
            </Button>
          </Form.Item>
          <Form.Item>
            <Button
              onClick={() => {
                form.resetFields();
                form.setFieldsValue({ memberNo: undefined, phone: undefined, tier: undefined });
                setParams(new URLSearchParams());
              }}
            >
              重置
            </Button>
          </Form.Item>
        </Form>
      </Card>
      {result.error && <LoadError error={result.error} onRetry={result.reload} />}
      <Card>
        <Table<MemberListItem>
          rowKey="memberNo"
          loading={result.loading}
          dataSource={result.data?.items ?? []}
          locale={{ emptyText: '没有符合条件的会员' }}
          onRow={(row) => ({
            onClick: () => navigate(`/members/${encodeURIComponent(row.memberNo)}`),
            className: 'panel-clickable',
          })}
          pagination={{
            current: page,
            pageSize,
            total: result.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (total) => `共 ${total} 名会员`,
            onChange: (p, size) => {
              const next = new URLSearchParams(params);
              next.set('page', String(size !== pageSize ? 1 : p));
              next.set('pageSize', String(size));
              setParams(next);
            },
          }}
          columns={[
            { title: '会员号', dataIndex: 'memberNo' },
            { title: '昵称', dataIndex: 'nickname' },
            {
              title: '手机号',
              dataIndex: 'phoneMasked',
              render: (v: string | null) => v ?? '未绑定',
            },
            {
              title: '等级',
              dataIndex: 'tier',
              render: (t: MemberListItem['tier']) => <TierTag tier={t} />,
            },
            { title: '成长值', dataIndex: 'growth', align: 'right' },
            { title: '累计消费', dataIndex: 'totalSpend', align: 'right', render: yuan },
            { title: '订单数', dataIndex: 'orderCount', align: 'right' },
            { title: '注册时间', dataIndex: 'createdAt', render: dateTime },
          ]}
        />
      </Card>
    </>
  );
}
