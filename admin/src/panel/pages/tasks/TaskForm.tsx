import { Col, Form, Input, InputNumber, Modal, Row, Select } from 'antd';
import { useEffect } from 'react';
import { createTask, type TaskDefView, updateTask } from '../../api/tasks';
import { type CircleOption, CircleTargetItem } from '../../components/CircleTargetItem';
import { useFormSave } from '../../hooks/useFormSave';
import {
  kindOptions,
  NEW_TASK,
  periodOptions,
  TASK_RULES,
  type TaskFormValues,
  taskFormValues,
  toTaskBody,
} from './taskRules';

/** Create or replace a task definition. */
export function TaskForm({
  task,
  open,
  tierOptions,
  circleOptions,
  onClose,
  onSaved,
}: {
  task: TaskDefView | null;
  open: boolean;
  tierOptions: Array<{ value: string; label: string }>;
  circleOptions: CircleOption[];
  onClose: () => void;
  onSaved: (t: TaskDefView) => void;
}) {
  const [form] = Form.useForm<TaskFormValues>();
  const kind = Form.useWatch('kind', form);
  const { pending, error, setError, save } = useFormSave(form, onSaved);

  useEffect(() => {
    if (!open) return;
    setError(null);
    form.resetFields();
    form.setFieldsValue(task ? taskFormValues(task) : NEW_TASK);
  }, [open, task, form, setError]);

  function submit(values: TaskFormValues) {
    return save(() => {
      const body = toTaskBody(values, task ?? undefined);
      return task ? updateTask(task.code, body) : createTask(body);
    });
  }

  return (
    <Modal
      title={task ? `编辑任务 · ${task.name}` : '新建任务'}
      open={open}
      okText="保存任务"
      cancelText="取消"
      confirmLoading={pending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      width={600}
    >
      <Form form={form} layout="vertical" name="task" onFinish={submit}>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="code" label="任务代码" rules={TASK_RULES.code}>
              <Input disabled={task !== null} placeholder="如 daily_signin" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="name" label="任务名称" rules={TASK_RULES.name}>
              <Input />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="kind" label="任务类型" rules={TASK_RULES.kind}>
              <Select options={kindOptions} aria-label="任务类型" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="period" label="周期" rules={TASK_RULES.period}>
              <Select options={periodOptions} aria-label="周期" />
            </Form.Item>
          </Col>
          <Col span={8}>
            {/* Remounted on a kind change so a count's error never sticks to an amount. */}
            {kind === 'spend' ? (
              <Form.Item
                key="yuan"
                name="target"
                label="目标金额（元）"
                rules={TASK_RULES.targetYuan}
              >
                <InputNumber aria-label="目标金额" suffix="元" className="panel-fill" />
              </Form.Item>
            ) : (
              <Form.Item key="count" name="target" label="目标次数" rules={TASK_RULES.target}>
                <InputNumber aria-label="目标" className="panel-fill" />
              </Form.Item>
            )}
          </Col>
          <Col span={12}>
            <Form.Item name={['reward', 'points']} label="奖励积分" rules={TASK_RULES.points}>
              <InputNumber aria-label="奖励积分" className="panel-fill" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name={['reward', 'growth']} label="奖励成长值" rules={TASK_RULES.growth}>
              <InputNumber aria-label="奖励成长值" className="panel-fill" />
            </Form.Item>
          </Col>
        </Row>
        {kind === 'category_purchase' && (
          <Form.Item name="category" label="品类" rules={TASK_RULES.category}>
            <Input placeholder="如 护肤" />
          </Form.Item>
        )}
        <Form.Item name="eligibleTiers" label="适用等级（不选则全部等级）">
          <Select mode="multiple" options={tierOptions} aria-label="适用等级" />
        </Form.Item>
        <CircleTargetItem options={circleOptions} />
        <Form.Item name="description" label="说明" rules={TASK_RULES.description}>
          <Input.TextArea rows={2} maxLength={200} showCount />
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
