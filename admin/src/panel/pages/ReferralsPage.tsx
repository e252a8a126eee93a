import { Alert, App, Button, Card, Col, Form, InputNumber, Row } from 'antd';
import type { FormRule } from 'antd';
import { useEffect, useState } from 'react';
import { applyServerErrors, errorText } from '../api/errors';
import {
  fetchReferralSettings,
  type ReferralSettings,
  saveReferralSettings,
} from '../api/referral';
import { useCanWrite } from '../auth/session';
import { LoadError } from '../components/LoadError';
import { useApiData } from '../hooks/useApiData';
import { PageTitle } from '../layout/PagePlaceholder';
import { fenToYuan, yuanRules, yuanToFen } from '../money';

/** The form holds the minimum order in yuan; the contract takes fen. */
type ReferralForm = Omit<ReferralSettings, 'minOrderAmount'> & { minOrderYuan: number };

const int = (min: number, max: number, what: string): FormRule[] => [
  { required: true, message: `请输入${what}` },
  { type: 'integer', min, max, message: `${what}须为 ${min}–${max} 的整数` },
];

// referralSettings.minOrderAmount in @circles/shared: 0–1e8 fen.
const MIN_ORDER_RULES = yuanRules('首单门槛', { maxFen: 100_000_000 });

/** Referral (邀请有礼) rules: qualification and rewards for both sides. */
export default function ReferralsPage() {
  const { message } = App.useApp();
  const writable = useCanWrite('referrals');
  const settings = useApiData((signal) => fetchReferralSettings(signal), []);
  const [form] = Form.useForm<ReferralForm>();
  const [pending, setPending] = useState(false);

  useEffect(() => {
    const s = settings.data;
    if (s) {
      const { minOrderAmount, ...rest } = s;
      form.setFieldsValue({ ...rest, minOrderYuan: fenToYuan(minOrderAmount) });
    }
  }, [settings.data, form]);

  async function save({ minOrderYuan, ...rest }: ReferralForm) {
    setPending(true);
    try {
      settings.setData(
        await saveReferralSettings({ ...rest, minOrderAmount: yuanToFen(minOrderYuan) }),
      );
      message.success('邀请规则已保存');
    } catch (err) {
      if (!applyServerErrors(form, err)) message.error(errorText(err));
    } finally {
      setPending(false);
    }
  }

  return (
    <>
      <PageTitle title="邀请" />
      {settings.error && !settings.data && (
        <LoadError error={settings.error} onRetry={settings.reload} />
      )}
      <Card title="邀请有礼规则" loading={settings.loading && !settings.data}>
        {!writable && (
          <Alert
            className="panel-block"
            type="info"
            showIcon
            title="只读账号：可查看规则，不能保存"
          />
        )}
        <Form form={form} layout="vertical" name="referral" onFinish={save} disabled={!writable}>
          <Row gutter={16}>
            <Col span={8}>
              <Form.Item name="minOrderYuan" label="被邀请人首单门槛（元）" rules={MIN_ORDER_RULES}>
                <InputNumber aria-label="首单门槛" min={0} className="panel-fill" />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item
                name="coolingOffDays"
                label="冷静期（天，退货期后才发奖）"
                rules={int(0, 90, '冷静期')}
              >
                <InputNumber aria-label="冷静期" className="panel-fill" />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item
                name="monthlyCap"
                label="每人每月奖励上限（人）"
                rules={int(1, 1000, '每月上限')}
              >
                <InputNumber aria-label="每月上限" className="panel-fill" />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item
                name={['inviterReward', 'points']}
                label="邀请人积分"
                rules={int(0, 1_000_000, '邀请人积分')}
              >
                <InputNumber aria-label="邀请人积分" className="panel-fill" />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item
                name={['inviterReward', 'growth']}
                label="邀请人成长值"
                rules={int(0, 1_000_000, '邀请人成长值')}
              >
                <InputNumber aria-label="邀请人成长值" className="panel-fill" />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item
                name={['inviteeReward', 'points']}
                label="被邀请人积分"
                rules={int(0, 1_000_000, '被邀请人积分')}
              >
                <InputNumber aria-label="被邀请人积分" className="panel-fill" />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item
                name={['inviteeReward', 'growth']}
                label="被邀请人成长值"
                rules={int(0, 1_000_000, '被邀请人成长值')}
              >
                <InputNumber aria-label="被邀请人成长值" className="panel-fill" />
              </Form.Item>
            </Col>
          </Row>
          {writable && (
            <Button type="primary" htmlType="submit" loading={pending}>
              保存规则
            </Button>
          )}
        </Form>
      </Card>
    </>
  );
}
