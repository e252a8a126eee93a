import { RFM_SEGMENTS } from '@circles/shared';
import { App, Button, Card, Col, Form, InputNumber, Row, Select, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { type MemberHealthSettings, saveMemberHealthSettings } from '../../api/memberHealth';
import { useSession } from '../../auth/session';
import { placeServerErrors } from '../playbooks/serverErrors';

interface FormValues {
  churnPercent: number;
  consecutiveWeeks: number;
  segments: MemberHealthSettings['segments'];
}

const segmentOptions = RFM_SEGMENTS.map((s) => ({ value: s, label: s }));

/** The member-health thresholds; shown as a percentage, stored as a ratio. Admins only. */
export function HealthSettingsCard(props: {
  settings: MemberHealthSettings;
  onSaved: (s: MemberHealthSettings) => void;
}) {
  const { message } = App.useApp();
  const isAdmin = useSession().session?.account.role === 'admin';
  const [form] = Form.useForm<FormValues>();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    form.setFieldsValue({
      churnPercent: Math.round(props.settings.churnRateMax * 1000) / 10,
      consecutiveWeeks: props.settings.consecutiveWeeks,
      segments: props.settings.segments,
    });
  }, [props.settings, form]);

  async function submit(v: FormValues) {
    setPending(true);
    setError(null);
    try {
      const saved = await saveMemberHealthSettings({
        churnRateMax: Math.round(v.churnPercent * 10) / 1000,
        consecutiveWeeks: v.consecutiveWeeks,
        segments: v.segments,
      });
      props.onSaved(saved);
      message.success('已保存健康度阈值');
    } catch (err) {
      setError(placeServerErrors(form, err));
    } finally {
      setPending(false);
    }
  }

  return (
    <Card
      title="预警阈值"
      extra={!isAdmin && <Typography.Text type="secondary">仅管理员可修改</Typography.Text>}
    >
      <Form
        form={form}
        layout="vertical"
        name="member-health-settings"
        disabled={!isAdmin}
        onFinish={submit}
      >
        <Row gutter={16}>
          <Col xs={12} md={6}>
            <Form.Item
              name="churnPercent"
              label="高价值流失率阈值（%）"
              rules={[
                {
                  required: true,
                  type: 'number',
                  min: 0.1,
                  max: 99.9,
                  message: '请输入 0.1–99.9 之间的百分比',
                },
              ]}
            >
              <InputNumber aria-label="流失率阈值" className="panel-fill" step={0.5} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item
              name="consecutiveWeeks"
              label="连续周数"
              rules={[
                {
                  required: true,
                  type: 'integer',
                  min: 1,
                  max: 8,
                  message: '连续周数须为 1–8 的整数',
                },
              ]}
            >
              <InputNumber aria-label="连续周数" className="panel-fill" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="segments"
              label="计为高价值的分层"
              rules={[{ required: true, type: 'array', min: 1, message: '至少选择一个分层' }]}
            >
              <Select mode="multiple" options={segmentOptions} aria-label="高价值分层" />
            </Form.Item>
          </Col>
        </Row>
        <Typography.Paragraph type="secondary">
          每次价值计算后统计本周（北京时间周一起）触发流失规则的高价值会员占比；连续达到周数都高于阈值时，开启会员健康度诊断预警。
        </Typography.Paragraph>
        {error && (
          <div className="panel-form-error" role="alert">
            {error}
          </div>
        )}
        {isAdmin && (
          <Button type="primary" htmlType="submit" loading={pending}>
            保存阈值
          </Button>
        )}
      </Form>
    </Card>
  );
}
