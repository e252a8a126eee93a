import { App, Button, Card, Form, InputNumber, Popconfirm, Switch, Table } from 'antd';
import type { FormRule } from 'antd';
import { useState } from 'react';
import { applyServerErrors, errorText } from '../../api/errors';
import {
  createWalletRule,
  deleteWalletRule,
  listWalletRules,
  updateWalletRule,
  type WalletRuleView,
} from '../../api/wallet';
import { useCanWrite } from '../../auth/session';
import { LoadError } from '../../components/LoadError';
import { yuan } from '../../format';
import { useApiData } from '../../hooks/useApiData';

interface RuleValues {
  threshold: number;
  bonus: number;
}

/** Yuan with at most two decimals, more than zero: the server stores integer fen. */
export const YUAN_RULES = (what: string): FormRule[] => [
  { required: true, message: `请输入${what}` },
  {
    validator: async (_, v: unknown) => {
      if (typeof v !== 'number') return;
      if (v <= 0) throw new Error(`${what}须大于 0`);
      if (Math.round(v * 100) !== Number((v * 100).toFixed(6)))
        throw new Error(`${what}最多两位小数`);
      if (v > 1_000_000_000) throw new Error(`${what}过大`);
    },
  },
];

export const toFen = (yuanValue: number) => Math.round(yuanValue * 100);

/** Top-up bonus rules (储值满赠): add, switch on/off, remove. */
export default function WalletRulesPanel() {
  const { message } = App.useApp();
  const writable = useCanWrite('tiers');
  const rules = useApiData((signal) => listWalletRules(signal), []);
  const [form] = Form.useForm<RuleValues>();
  const [pending, setPending] = useState(false);

  async function add(v: RuleValues) {
    setPending(true);
    try {
      const r = await createWalletRule({ threshold: toFen(v.threshold), bonus: toFen(v.bonus) });
      message.success(`已添加「${r.label}」`);
      form.resetFields();
      rules.reload();
    } catch (err) {
      if (!applyServerErrors(form, err)) message.error(errorText(err));
    } finally {
      setPending(false);
    }
  }

  async function change(action: () => Promise<unknown>, done: string) {
    try {
      await action();
      message.success(done);
      rules.reload();
    } catch (err) {
      message.error(errorText(err));
    }
  }

  return (
    <Card title="储值满赠规则">
      {writable && (
        <Form form={form} layout="inline" name="wallet-rule" onFinish={add} className="panel-block">
          <Form.Item name="threshold" label="充值满" rules={YUAN_RULES('充值门槛')}>
            <InputNumber aria-label="充值门槛" suffix="元" />
          </Form.Item>
          <Form.Item name="bonus" label="赠送" rules={YUAN_RULES('赠送金额')}>
            <InputNumber aria-label="赠送金额" suffix="元" />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" loading={pending}>
              添加规则
            </Button>
          </Form.Item>
        </Form>
      )}
      {rules.error && <LoadError error={rules.error} onRetry={rules.reload} />}
      <Table<WalletRuleView>
        rowKey="id"
        size="small"
        loading={rules.loading}
        dataSource={rules.data?.rules ?? []}
        pagination={false}
        locale={{ emptyText: '暂无满赠规则' }}
        columns={[
          { title: '规则', dataIndex: 'label' },
          { title: '充值门槛', dataIndex: 'threshold', align: 'right', render: yuan },
          { title: '赠送', dataIndex: 'bonus', align: 'right', render: yuan },
          {
            title: '启用',
            dataIndex: 'active',
            render: (active: boolean, r) => (
              <Switch
                checked={active}
                disabled={!writable}
                aria-label={`启用 ${r.label}`}
                onChange={(on) =>
                  change(() => updateWalletRule(r.id, { active: on }), on ? '已启用' : '已停用')
                }
              />
            ),
          },
          ...(writable
            ? [
                {
                  title: '操作',
                  key: 'actions',
                  render: (_: unknown, r: WalletRuleView) => (
                    <Popconfirm
                      title="删除后新的充值不再按此规则赠送。确认删除？"
                      okText="删除"
                      cancelText="取消"
                      onConfirm={() => change(() => deleteWalletRule(r.id), '已删除')}
                    >
                      <Button type="link" size="small" danger>
                        删除
                      </Button>
                    </Popconfirm>
                  ),
                },
              ]
            : []),
        ]}
      />
    </Card>
  );
}
