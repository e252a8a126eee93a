import {
  ArrowDownOutlined,
  ArrowUpOutlined,
  DeleteOutlined,
  PlusOutlined,
} from '@ant-design/icons';
import { Button, Card, Form, type FormInstance, Select, Space, Typography } from 'antd';
import {
  defaultStep,
  type EditorValues,
  retargetAfterMove,
  retargetAfterRemove,
  type StepValues,
} from './editorModel';
import { StepFields } from './StepFields';
import { stepTypeOptions } from './playbookText';

const STEPS = ['definition', 'steps'] as const;
const MAX_STEPS = 30;

/**
 * The steps list: add, remove, reorder, and each step's fields by type. Branch targets are
 * step numbers, so reordering or removing rewrites them to keep pointing at the same steps.
 */
export function StepsEditor(props: {
  form: FormInstance<EditorValues>;
  perkOptions: Array<{ value: string; label: string }>;
  disabled: boolean;
}) {
  const { form, disabled } = props;
  const current = (): StepValues[] => form.getFieldValue([...STEPS]) ?? [];
  // The watch re-renders on changes inside a step (a new purpose, a branch condition). The
  // list's render reads the store itself: watchers hear of changes a macrotask late, and a
  // just-added step must show (and register) its fields at once, or a quick save skips them.
  Form.useWatch([...STEPS], { form, preserve: true });

  return (
    <Form.List
      name={[...STEPS]}
      rules={[
        {
          validator: async (_, list: unknown) => {
            const n = Array.isArray(list) ? list.length : 0;
            if (n < 1) throw new Error('至少一个步骤');
            if (n > MAX_STEPS) throw new Error(`最多 ${MAX_STEPS} 个步骤`);
          },
        },
      ]}
    >
      {(fields, { add, remove, move }, { errors }) => {
        const steps = current();
        return (
          <>
            {fields.map((field, i) => {
              const step = steps[i];
              const reorder = (to: number) => {
                move(i, to);
                form.setFieldValue([...STEPS], retargetAfterMove(current(), i, to));
              };
              return (
                <Card
                  key={field.key}
                  size="small"
                  className="playbook-step-card"
                  role="group"
                  aria-label={`第 ${i + 1} 步`}
                  title={
                    <Space>
                      <Typography.Text strong>第 {i + 1} 步</Typography.Text>
                      <Form.Item name={[field.name, 'type']} noStyle>
                        <Select
                          options={stepTypeOptions}
                          aria-label={`第 ${i + 1} 步类型`}
                          className="playbook-step-type"
                          onChange={(type: StepValues['type']) =>
                            // A new type starts from its own defaults, not the old type's leftovers.
                            form.setFieldValue([...STEPS, field.name], defaultStep(type))
                          }
                        />
                      </Form.Item>
                    </Space>
                  }
                  extra={
                    !disabled && (
                      <Space size={0}>
                        <Button
                          type="text"
                          icon={<ArrowUpOutlined />}
                          aria-label={`上移第 ${i + 1} 步`}
                          disabled={i === 0}
                          onClick={() => reorder(i - 1)}
                        />
                        <Button
                          type="text"
                          icon={<ArrowDownOutlined />}
                          aria-label={`下移第 ${i + 1} 步`}
                          disabled={i === fields.length - 1}
                          onClick={() => reorder(i + 1)}
                        />
                        <Button
                          type="text"
                          danger
                          icon={<DeleteOutlined />}
                          aria-label={`删除第 ${i + 1} 步`}
                          disabled={fields.length === 1}
                          onClick={() => {
                            remove(field.name);
                            form.setFieldValue([...STEPS], retargetAfterRemove(current(), i));
                          }}
                        />
                      </Space>
                    )
                  }
                >
                  <StepFields
                    name={field.name}
                    index={i}
                    step={step}
                    steps={steps}
                    perkOptions={props.perkOptions}
                    disabled={disabled}
                  />
                </Card>
              );
            })}
            <Form.ErrorList errors={errors} />
            {!disabled && fields.length < MAX_STEPS && (
              <Button
                type="dashed"
                block
                icon={<PlusOutlined />}
                onClick={() => add(defaultStep('consultant_task'))}
              >
                添加步骤
              </Button>
            )}
          </>
        );
      }}
    </Form.List>
  );
}
