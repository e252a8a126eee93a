import { App, Button, Card, Col, Form, InputNumber, Row, Select, Typography } from 'antd';
import { useEffect, useState } from 'react';
import {
  fetchPlaybookSettings,
  type PlaybookSettings,
  savePlaybookSettings,
} from '../../api/playbooks';
import { useSession } from '../../auth/session';
import { LoadError } from '../../components/LoadError';
import { useApiData } from '../../hooks/useApiData';
import { hourOptions, hourText } from './playbookText';
import { placeServerErrors } from './serverErrors';

const intRule = (min: number, max: number, label: string) => ({
  validator: async (_: unknown, v: unknown) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      throw new Error(`${label}须为 ${min}–${max} 的整数`);
    }
  },
});

/**
 * Frequency caps and quiet hours across every playbook (避免过度营销). Everyone may read them;
 * only admins may change them (the route allows no other role).
 */
export function SettingsCard() {
  const { message } = App.useApp();
  const isAdmin = useSession().session?.account.role === 'admin';
  const settings = useApiData((signal) => fetchPlaybookSettings(signal), []);
  const [form] = Form.useForm<PlaybookSettings>();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const start = Form.useWatch('quietStartHour', form);
  const end = Form.useWatch('quietEndHour', form);

  useEffect(() => {
    if (settings.data) form.setFieldsValue(settings.data);
  }, [settings.data, form]);

  async function submit(values: PlaybookSettings) {
    setPending(true);
    setError(null);
    try {
      settings.setData(await savePlaybookSettings(values));
      message.success('已保存触达频次与免打扰设置');
    } catch (err) {
      setError(placeServerErrors(form, err));
    } finally {
      setPending(false);
    }
  }

  const quiet =
    typeof start === 'number' && typeof end === 'number'
      ? start === end
        ? '未设置免打扰（起止相同）'
        : `每天 ${hourText(start)}–${hourText(end)}（北京时间）不发送订阅消息，顺延到结束后发送`
      : '';

  return (
    <Card
      title="触达频次与免打扰"
      loading={settings.loading && !settings.data}
      extra={!isAdmin && <Typography.Text type="secondary">仅管理员可修改</Typography.Text>}
    >
      {settings.error && <LoadError error={settings.error} onRetry={settings.reload} />}
      <Form
        form={form}
        layout="vertical"
        name="playbook-settings"
        disabled={!isAdmin}
        onFinish={submit}
      >
        <Row gutter={16}>
          <Col xs={24} md={6}>
            <Form.Item
              name="maxTouches7d"
              label="7 天内最多触达（次/人）"
              rules={[intRule(1, 50, '7 天上限')]}
            >
              <InputNumber aria-label="7 天触达上限" className="panel-fill" />
            </Form.Item>
          </Col>
          <Col xs={24} md={6}>
            <Form.Item
              name="maxTouches30d"
              label="30 天内最多触达（次/人）"
              dependencies={['maxTouches7d']}
              rules={[
                intRule(1, 200, '30 天上限'),
                ({ getFieldValue }) => ({
                  validator: async (_: unknown, v: unknown) => {
                    const week = getFieldValue('maxTouches7d');
                    if (typeof v === 'number' && typeof week === 'number' && v < week) {
                      throw new Error('30 天上限不能小于 7 天上限');
                    }
                  },
                }),
              ]}
            >
              <InputNumber aria-label="30 天触达上限" className="panel-fill" />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="quietStartHour" label="免打扰开始">
              <Select options={hourOptions} aria-label="免打扰开始" />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="quietEndHour" label="免打扰结束">
              <Select options={hourOptions} aria-label="免打扰结束" />
            </Form.Item>
          </Col>
        </Row>
        <Typography.Paragraph type="secondary">
          导购 1v1 任务与订阅消息计入触达次数，超出上限的步骤顺延执行。{quiet}
        </Typography.Paragraph>
        {error && (
          <div className="panel-form-error" role="alert">
            {error}
          </div>
        )}
        {isAdmin && (
          <Button type="primary" htmlType="submit" loading={pending}>
            保存设置
          </Button>
        )}
      </Form>
    </Card>
  );
}
