import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Col, DatePicker, Form, Input, InputNumber, Modal, Row, Select, Space } from 'antd';
import { useEffect } from 'react';
import { type AdminEventView, createEvent, updateEvent } from '../../api/events';
import { type CircleOption, CircleTargetItem } from '../../components/CircleTargetItem';
import { useFormSave } from '../../hooks/useFormSave';
import {
  EVENT_RULES,
  type EventFormValues,
  eventFormValues,
  kindOptions,
  NEW_EVENT,
  toEventBody,
} from './eventRules';

const TIME = { showTime: { format: 'HH:mm' }, format: 'YYYY-MM-DD HH:mm', className: 'panel-fill' };

/** Create or edit a community event: times, place, seats with per-tier quotas, reward. */
export function EventForm({
  event,
  open,
  tierOptions,
  circleOptions,
  onClose,
  onSaved,
}: {
  event: AdminEventView | null;
  open: boolean;
  tierOptions: Array<{ value: string; label: string }>;
  circleOptions: CircleOption[];
  onClose: () => void;
  onSaved: (e: AdminEventView) => void;
}) {
  const [form] = Form.useForm<EventFormValues>();
  const { pending, error, setError, save } = useFormSave(form, onSaved);

  useEffect(() => {
    if (!open) return;
    setError(null);
    form.resetFields();
    form.setFieldsValue(event ? eventFormValues(event) : NEW_EVENT);
  }, [open, event, form, setError]);

  function submit(values: EventFormValues) {
    return save(() => {
      const body = toEventBody(values);
      return event ? updateEvent(event.id, body) : createEvent(body);
    });
  }

  return (
    <Modal
      title={event ? `编辑活动 · ${event.title}` : '创建活动'}
      open={open}
      okText="保存活动"
      cancelText="取消"
      confirmLoading={pending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      width={720}
    >
      <Form form={form} layout="vertical" name="event" onFinish={submit}>
        <Row gutter={16}>
          <Col span={16}>
            <Form.Item name="title" label="活动名称" rules={EVENT_RULES.title}>
              <Input placeholder="如 金卡会员品鉴会" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="kind" label="活动类型" rules={EVENT_RULES.kind}>
              <Select options={kindOptions} aria-label="活动类型" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="startAt" label="开始时间" rules={EVENT_RULES.startAt}>
              <DatePicker {...TIME} aria-label="开始时间" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item
              name="endAt"
              label="结束时间"
              dependencies={['startAt']}
              rules={EVENT_RULES.endAt}
            >
              <DatePicker {...TIME} aria-label="结束时间" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item
              name="signupDeadline"
              label="报名截止"
              dependencies={['startAt']}
              rules={EVENT_RULES.signupDeadline}
            >
              <DatePicker {...TIME} aria-label="报名截止" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="place" label="地点" dependencies={['kind']} rules={EVENT_RULES.place}>
              <Input placeholder="线下活动必填" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="liveUrl" label="直播地址" rules={EVENT_RULES.liveUrl}>
              <Input placeholder="https://…（可选）" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="capacity" label="总名额" rules={EVENT_RULES.capacity}>
              <InputNumber aria-label="总名额" className="panel-fill" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item
              name={['reward', 'points']}
              label="签到奖励积分"
              rules={EVENT_RULES.rewardPoints}
            >
              <InputNumber aria-label="签到奖励积分" className="panel-fill" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item
              name={['reward', 'growth']}
              label="签到奖励成长值"
              rules={EVENT_RULES.rewardGrowth}
            >
              <InputNumber aria-label="签到奖励成长值" className="panel-fill" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          name="checkinOpensMinutesBefore"
          label="开始前多久可签到"
          rules={EVENT_RULES.checkinOpens}
          extra="签到从开始前该时长起，到活动结束为止；超出时间或其他活动的签到码都会被拒绝"
        >
          <InputNumber aria-label="开始前多久可签到" suffix="分钟" className="panel-fill" />
        </Form.Item>
        <Form.Item name="eligibleTiers" label="可报名等级（不选则全部等级）">
          <Select mode="multiple" options={tierOptions} aria-label="可报名等级" />
        </Form.Item>
        <CircleTargetItem
          options={circleOptions}
          extra="只有所选圈层的成员可报名；不选则面向全部会员"
        />
        <Form.Item label="等级名额（该等级最多占用的席位）">
          <Form.List name="tierQuotas" rules={EVENT_RULES.quotas}>
            {(fields, { add, remove }, { errors }) => (
              <>
                {fields.map((f) => (
                  <Space key={f.key} align="baseline">
                    <Form.Item name={[f.name, 'tierCode']} rules={EVENT_RULES.quotaTier}>
                      <Select
                        options={tierOptions}
                        className="panel-select"
                        placeholder="等级"
                        aria-label={`第 ${f.name + 1} 条名额等级`}
                      />
                    </Form.Item>
                    <Form.Item
                      name={[f.name, 'seats']}
                      dependencies={['capacity']}
                      rules={EVENT_RULES.quotaSeats(f.name)}
                    >
                      <InputNumber aria-label={`第 ${f.name + 1} 条席位数`} suffix="席" />
                    </Form.Item>
                    <Button
                      type="text"
                      danger
                      icon={<DeleteOutlined />}
                      aria-label={`删除第 ${f.name + 1} 条名额`}
                      onClick={() => remove(f.name)}
                    />
                  </Space>
                ))}
                <Button
                  type="dashed"
                  icon={<PlusOutlined />}
                  onClick={() => add({ seats: 0 })}
                  disabled={fields.length >= 12}
                >
                  添加等级名额
                </Button>
                <Form.ErrorList errors={errors} />
              </>
            )}
          </Form.List>
        </Form.Item>
        <Form.Item name="coverUrl" label="封面图地址" rules={EVENT_RULES.coverUrl}>
          <Input placeholder="https://…（可选）" />
        </Form.Item>
        <Form.Item name="description" label="活动介绍" rules={EVENT_RULES.description}>
          <Input.TextArea rows={3} maxLength={2000} showCount />
        </Form.Item>
        {error && (
          <div className="panel-form-error" role="alert">
            {error}
          </div>
        )}
      </Form>
    </Modal>
  );
}
