import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { SubscribePurpose } from '@circles/shared';
import { Button, Col, Form, Input, InputNumber, Row, Select, Space } from 'antd';
import {
  branchTargetRule,
  END,
  intRule,
  outcomesRule,
  type StepValues,
  textRules,
} from './editorModel';
import {
  hourOptions,
  purposeFields,
  purposeOptions,
  STEP_TYPE_TEXT,
  weekdayOptions,
} from './playbookText';

type Name = number;

function ScriptLines({ name, disabled }: { name: Name; disabled: boolean }) {
  return (
    <Form.List
      name={[name, 'script']}
      rules={[
        {
          validator: async (_, lines: unknown) => {
            if (!Array.isArray(lines) || lines.length === 0) throw new Error('至少一句话术');
          },
        },
      ]}
    >
      {(lines, { add, remove }, { errors }) => (
        <Form.Item label="话术（导购在侧边栏看到，{name} 替换为会员称呼）" required>
          {lines.map((line, i) => (
            <Space key={line.key} align="start" className="playbook-script-line">
              <Form.Item name={line.name} rules={textRules('话术', 200)}>
                <Input.TextArea
                  autoSize={{ minRows: 1, maxRows: 4 }}
                  aria-label={`话术 ${i + 1}`}
                  maxLength={200}
                />
              </Form.Item>
              {lines.length > 1 && !disabled && (
                <Button
                  type="text"
                  icon={<DeleteOutlined />}
                  aria-label={`删除话术 ${i + 1}`}
                  onClick={() => remove(line.name)}
                />
              )}
            </Space>
          ))}
          {lines.length < 8 && !disabled && (
            <Button type="dashed" size="small" icon={<PlusOutlined />} onClick={() => add('')}>
              添加话术
            </Button>
          )}
          <Form.ErrorList errors={errors} />
        </Form.Item>
      )}
    </Form.List>
  );
}

/** The fields of one step, by its type (names are relative to the steps list). */
export function StepFields(props: {
  name: Name;
  index: number;
  step: StepValues | undefined;
  steps: StepValues[];
  perkOptions: Array<{ value: string; label: string }>;
  disabled: boolean;
}) {
  const { name, step, index } = props;
  switch (step?.type) {
    case 'consultant_task':
      return (
        <>
          <Form.Item name={[name, 'title']} label="任务标题" rules={textRules('任务标题', 40)}>
            <Input maxLength={40} />
          </Form.Item>
          <ScriptLines name={name} disabled={props.disabled} />
          <Row gutter={16}>
            <Col xs={24} md={16}>
              <Form.Item
                name={[name, 'outcomes']}
                label="结果选项（导购完成时选择）"
                rules={[outcomesRule]}
              >
                <Select
                  mode="tags"
                  aria-label="结果选项"
                  tokenSeparators={[',', '，']}
                  open={false}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item
                name={[name, 'timeoutDays']}
                label="超时（天）"
                rules={[intRule(1, 30, '超时天数')]}
              >
                <InputNumber aria-label="超时天数" className="panel-fill" />
              </Form.Item>
            </Col>
          </Row>
        </>
      );
    case 'grant_perk':
      return (
        <Form.Item name={[name, 'perkCode']} label="权益" rules={textRules('权益', 64)}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            options={props.perkOptions}
            aria-label="权益"
            placeholder="选择一个上架中的权益"
          />
        </Form.Item>
      );
    case 'grant_points':
      return (
        <Form.Item name={[name, 'points']} label="积分" rules={[intRule(1, 100_000, '积分')]}>
          <InputNumber aria-label="积分" className="panel-fill" />
        </Form.Item>
      );
    case 'subscribe_message':
      return <MessageFields name={name} purpose={step.purpose} />;
    case 'tag':
      return (
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name={[name, 'action']} label="操作">
              <Select
                aria-label="标签操作"
                options={[
                  { value: 'add', label: '打标签' },
                  { value: 'remove', label: '移除标签' },
                ]}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={16}>
            <Form.Item name={[name, 'tagId']} label="企业微信标签 ID" rules={textRules('标签', 64)}>
              <Input aria-label="标签 ID" />
            </Form.Item>
          </Col>
        </Row>
      );
    case 'wait':
      return (
        <Form.Item name={[name, 'days']} label="等待天数" rules={[intRule(1, 90, '等待天数')]}>
          <InputNumber aria-label="等待天数" className="panel-fill" />
        </Form.Item>
      );
    case 'wait_until':
      return (
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name={[name, 'weekday']} label="星期（北京时间）">
              <Select options={weekdayOptions} aria-label="星期" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name={[name, 'hour']} label="时刻">
              <Select options={hourOptions} aria-label="时刻" />
            </Form.Item>
          </Col>
        </Row>
      );
    case 'branch':
      return <BranchFields name={name} index={index} step={step} steps={props.steps} />;
    default:
      return null;
  }
}

function MessageFields({ name, purpose }: { name: Name; purpose: SubscribePurpose | undefined }) {
  return (
    <>
      <Form.Item
        name={[name, 'purpose']}
        label="消息模板"
        rules={[{ required: true, message: '请选择消息模板' }]}
      >
        <Select options={purposeOptions} aria-label="消息模板" />
      </Form.Item>
      <Row gutter={16}>
        {purposeFields(purpose).map((f) => (
          <Col key={f.key} xs={24} md={12}>
            <Form.Item
              name={[name, 'data', f.key]}
              label={f.label}
              rules={textRules(f.label, 200, false)}
            >
              <Input aria-label={f.label} maxLength={200} />
            </Form.Item>
          </Col>
        ))}
      </Row>
      <Form.Item
        name={[name, 'page']}
        label="点击消息打开的页面（可选）"
        rules={textRules('页面', 200, false)}
      >
        <Input placeholder="不填则用模板默认页面" />
      </Form.Item>
    </>
  );
}

function BranchFields(props: { name: Name; index: number; step: StepValues; steps: StepValues[] }) {
  const { name, index, steps } = props;
  const targets = [
    ...steps
      .map((s, j) => ({ value: j, label: `第 ${j + 1} 步 · ${STEP_TYPE_TEXT[s.type] ?? ''}` }))
      .filter((o) => o.value > index),
    { value: END, label: '结束剧本' },
  ];
  const byOutcome = props.step.condition?.kind === 'consultant_outcome';
  return (
    <>
      <Row gutter={16}>
        <Col xs={24} md={byOutcome ? 12 : 24}>
          <Form.Item name={[name, 'condition', 'kind']} label="条件">
            <Select
              aria-label="分支条件"
              options={[
                { value: 'purchased_since_start', label: '进入剧本后是否已下单' },
                { value: 'consultant_outcome', label: '上一个导购任务的结果' },
              ]}
            />
          </Form.Item>
        </Col>
        {byOutcome && (
          <Col xs={24} md={12}>
            <Form.Item
              name={[name, 'condition', 'equals']}
              label="结果等于"
              rules={textRules('结果', 12)}
            >
              <Input aria-label="结果等于" maxLength={12} placeholder="如 不感兴趣" />
            </Form.Item>
          </Col>
        )}
      </Row>
      <Row gutter={16}>
        <Col span={12}>
          <Form.Item name={[name, 'yes']} label="是 → 跳到" rules={[branchTargetRule(index)]}>
            <Select options={targets} aria-label="是则跳到" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name={[name, 'no']} label="否 → 跳到" rules={[branchTargetRule(index)]}>
            <Select options={targets} aria-label="否则跳到" />
          </Form.Item>
        </Col>
      </Row>
    </>
  );
}
