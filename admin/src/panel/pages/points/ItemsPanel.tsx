import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, Input, InputNumber, Modal, Select, Switch, Table } from 'antd';
import { useState } from 'react';
import { applyServerErrors, errorText } from '../../api/errors';
import { listPerks } from '../../api/perks';
import { createItem, listItems, type RedeemItemView, setItemActive } from '../../api/points';
import { useCanWrite } from '../../auth/session';
import { LoadError } from '../../components/LoadError';
import { useApiData } from '../../hooks/useApiData';
import { ITEM_KIND_TEXT, ITEM_RULES, type ItemFormValues, toItemBody } from './itemRules';

const kindOptions = (Object.keys(ITEM_KIND_TEXT) as RedeemItemView['kind'][]).map((k) => ({
  value: k,
  label: ITEM_KIND_TEXT[k],
}));

/** The points redemption catalogue (积分商城): list, add, switch on/off. */
export default function ItemsPanel() {
  const { message } = App.useApp();
  const writable = useCanWrite('tiers');
  const items = useApiData((signal) => listItems(signal), []);
  const perks = useApiData((signal) => listPerks('active', signal), []);
  const [form] = Form.useForm<ItemFormValues>();
  const kind = Form.useWatch('kind', form);
  const [open, setOpen] = useState(false);
  const [pending, setPending] = useState(false);

  async function submit(v: ItemFormValues) {
    setPending(true);
    try {
      const item = await createItem(toItemBody(v));
      message.success(`已上架「${item.name}」`);
      setOpen(false);
      items.reload();
    } catch (err) {
      if (!applyServerErrors(form, err)) message.error(errorText(err));
    } finally {
      setPending(false);
    }
  }

  async function toggle(item: RedeemItemView, active: boolean) {
    try {
      await setItemActive(item.itemCode, active);
      message.success(active ? '已上架' : '已下架');
      items.reload();
    } catch (err) {
      message.error(errorText(err));
    }
  }

  return (
    <Card
      title="积分兑换商品"
      extra={
        writable && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)}>
            新增商品
          </Button>
        )
      }
    >
      {items.error && <LoadError error={items.error} onRetry={items.reload} />}
      <Table<RedeemItemView>
        rowKey="itemCode"
        size="small"
        loading={items.loading}
        dataSource={items.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: '暂无兑换商品' }}
        columns={[
          { title: '代码', dataIndex: 'itemCode' },
          { title: '名称', dataIndex: 'name' },
          {
            title: '类型',
            dataIndex: 'kind',
            render: (k: RedeemItemView['kind']) => ITEM_KIND_TEXT[k],
          },
          { title: '所需积分', dataIndex: 'cost', align: 'right' },
          {
            title: '库存',
            dataIndex: 'stock',
            align: 'right',
            render: (s: number | null) => s ?? '不限',
          },
          {
            title: '上架',
            dataIndex: 'active',
            render: (active: boolean, item) => (
              <Switch
                checked={active}
                disabled={!writable}
                aria-label={`上架 ${item.name}`}
                onChange={(on) => toggle(item, on)}
              />
            ),
          },
        ]}
      />
      <Modal
        title="新增兑换商品"
        open={open}
        okText="保存商品"
        cancelText="取消"
        confirmLoading={pending}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          name="redeem-item"
          onFinish={submit}
          initialValues={{ kind: 'coupon' }}
        >
          <Form.Item name="itemCode" label="商品代码" rules={ITEM_RULES.itemCode}>
            <Input placeholder="如 COUPON-50" />
          </Form.Item>
          <Form.Item name="name" label="商品名称" rules={ITEM_RULES.name}>
            <Input />
          </Form.Item>
          <Form.Item name="kind" label="类型" rules={ITEM_RULES.kind}>
            <Select options={kindOptions} aria-label="商品类型" />
          </Form.Item>
          {kind === 'perk' && (
            <Form.Item name="perkCode" label="兑换的权益" rules={ITEM_RULES.perkCode}>
              <Select
                aria-label="兑换的权益"
                options={(perks.data?.items ?? []).map((p) => ({ value: p.code, label: p.name }))}
              />
            </Form.Item>
          )}
          <Form.Item name="cost" label="所需积分" rules={ITEM_RULES.cost}>
            <InputNumber aria-label="所需积分" />
          </Form.Item>
          <Form.Item name="stock" label="库存（留空为不限）" rules={ITEM_RULES.stock}>
            <InputNumber aria-label="库存" />
          </Form.Item>
          <Form.Item name="description" label="说明" rules={ITEM_RULES.description}>
            <Input placeholder="可选" />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
