import { App, Button, Card, Form, InputNumber, Popconfirm, Switch, Table } from 'antd';
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
import { useApiData } from '../../hooks/useApiData';
import { formatYuan, yuanRules, yuanToFen } from '../../money';

/** Both amounts in yuan as typed; converted to fen only when the request is built. */
interface RuleValues {
  threshold: number;
  bonus: number;
}

// positiveFen in @circles/shared: more than zero, at most 1e11 fen.
const BOUNDS = { minFen: 1, maxFen: 100_000_000_000 };

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
      const r = await createWalletRule({
        threshold: yuanToFen(v.threshold),
        bonus: yuanToFen(v.bonus),
      });
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
          <Form.Item name="threshold" label="充值门槛（元）" rules={yuanRules('充值门槛', BOUNDS)}>
            <InputNumber aria-label="充值门槛" />
          </Form.Item>
          <Form.Item name="bonus" label="赠送金额（元）" rules={yuanRules('赠送金额', BOUNDS)}>
            <InputNumber aria-label="赠送金额" />
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
          { title: '充值门槛', dataIndex: 'threshold', align: 'right', render: formatYuan },
          { title: '赠送', dataIndex: 'bonus', align: 'right', render: formatYuan },
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
