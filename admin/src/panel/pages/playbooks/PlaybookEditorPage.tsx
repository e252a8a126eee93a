import { ArrowLeftOutlined, SaveOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Space,
  Spin,
  Switch,
} from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { createPlaybook, definitionOf, fetchPlaybook, updatePlaybook } from '../../api/playbooks';
import { useCanWrite } from '../../auth/session';
import { LoadError } from '../../components/LoadError';
import { useApiData } from '../../hooks/useApiData';
import { useCircleOptions } from '../../hooks/useCircleOptions';
import { PageTitle } from '../../layout/PagePlaceholder';
import {
  type EditorValues,
  editorValuesOf,
  ID_RULES,
  intRule,
  NEW_PLAYBOOK,
  textRules,
  toDefinition,
} from './editorModel';
import { GOAL_TEXT } from './playbookText';
import { placeServerErrors } from './serverErrors';
import { StepsEditor } from './StepsEditor';
import { usePerkCatalogue } from './usePerkNames';
import './playbooks.css';

const goalOptions = (Object.keys(GOAL_TEXT) as Array<keyof typeof GOAL_TEXT>).map((g) => ({
  value: g,
  label: GOAL_TEXT[g],
}));

/**
 * Create a playbook or edit one. An edit saves a new version: members already in a run finish
 * on the version they started on, new entrants get this one.
 */
export default function PlaybookEditorPage() {
  const { id } = useParams();
  const creating = id === undefined;
  const navigate = useNavigate();
  const { message } = App.useApp();
  const writable = useCanWrite('circles');
  const [form] = Form.useForm<EditorValues>();
  const circles = useCircleOptions();
  const perks = usePerkCatalogue();
  const playbook = useApiData(
    (signal) => (id ? fetchPlaybook(id, signal) : Promise.resolve(null)),
    [id],
  );
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const triggerType = Form.useWatch(['definition', 'trigger', 'type'], form);
  const p = playbook.data;
  const def = p ? definitionOf(p) : null;
  const stopped = p?.status === 'stopped';
  const editable = writable && !stopped;

  useEffect(() => {
    if (playbook.data === undefined) return;
    const d = playbook.data ? definitionOf(playbook.data) : null;
    form.setFieldsValue(d ? editorValuesOf(d) : NEW_PLAYBOOK);
  }, [playbook.data, form]);

  async function submit(values: EditorValues) {
    setPending(true);
    setError(null);
    try {
      const definition = toDefinition(values);
      if (id) {
        const saved = await updatePlaybook(id, definition);
        message.success(`已保存为第 ${saved.version} 版，进行中的会员按原版本走完`);
        navigate(`/playbooks/${encodeURIComponent(saved.id)}`);
      } else {
        const saved = await createPlaybook((values.id ?? '').trim(), definition);
        message.success(`已创建草稿「${definition.name}」，启用后开始圈人`);
        navigate(`/playbooks/${encodeURIComponent(saved.id)}`);
      }
    } catch (err) {
      setError(placeServerErrors(form, err));
    } finally {
      setPending(false);
    }
  }

  const loading = playbook.loading && playbook.data === undefined;
  const title = creating ? '新建运营剧本' : `编辑运营剧本 · ${def?.name ?? id}`;
  return (
    <>
      <PageTitle
        title={title}
        extra={
          <Space>
            <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)}>
              返回
            </Button>
            {editable && (
              <Button
                type="primary"
                icon={<SaveOutlined />}
                loading={pending}
                disabled={loading || (!creating && !def)}
                onClick={() => form.submit()}
              >
                {creating ? '创建草稿' : '保存为新版本'}
              </Button>
            )}
          </Space>
        }
      />
      {!writable && (
        <Alert
          className="panel-block"
          type="info"
          showIcon
          title="只读账号：可查看剧本配置，不能保存"
        />
      )}
      {stopped && (
        <Alert
          className="panel-block"
          type="warning"
          showIcon
          title="已停止的剧本不能再编辑，可从模板或新建一份"
        />
      )}
      {!creating && p && (
        <Alert
          className="panel-block"
          type="info"
          showIcon
          title={`当前为第 ${p.version} 版。保存后生成第 ${p.version + 1} 版，进行中的会员仍按原版本走完`}
        />
      )}
      {playbook.error && <LoadError error={playbook.error} onRetry={playbook.reload} />}
      {error && <Alert className="panel-block" type="error" showIcon title={error} role="alert" />}
      <Spin spinning={loading}>
        <Form form={form} layout="vertical" name="playbook" disabled={!editable} onFinish={submit}>
          <Card title="基本信息" size="small" className="panel-block">
            <Row gutter={16}>
              {creating && (
                <Col xs={24} md={8}>
                  <Form.Item
                    name="id"
                    label="剧本编号"
                    rules={ID_RULES}
                    extra="小写字母、数字和 -，创建后不能修改"
                  >
                    <Input placeholder="如 vip-wakeup" />
                  </Form.Item>
                </Col>
              )}
              <Col xs={24} md={creating ? 16 : 24}>
                <Form.Item
                  name={['definition', 'name']}
                  label="剧本名称"
                  rules={textRules('名称', 40)}
                >
                  <Input maxLength={40} />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item
              name={['definition', 'description']}
              label="说明"
              rules={textRules('说明', 300, false)}
            >
              <Input.TextArea rows={2} maxLength={300} showCount />
            </Form.Item>
            <Row gutter={16}>
              <Col xs={24} md={8}>
                <Form.Item
                  name={['definition', 'priority']}
                  label="优先级（1 最高）"
                  rules={[intRule(1, 9, '优先级')]}
                  extra="会员已在更高优先级的剧本中时，不进入本剧本"
                >
                  <InputNumber aria-label="优先级" className="panel-fill" />
                </Form.Item>
              </Col>
              <Col xs={24} md={16}>
                <Form.Item name={['definition', 'goal']} label="目标">
                  <Select options={goalOptions} aria-label="目标" />
                </Form.Item>
              </Col>
            </Row>
          </Card>
          <Card title="触发" size="small" className="panel-block">
            <Row gutter={16} align="bottom">
              <Col xs={24} md={8}>
                <Form.Item name={['definition', 'trigger', 'type']} label="触发方式">
                  <Select
                    aria-label="触发方式"
                    options={[
                      { value: 'circle_entered', label: '会员进入圈层时' },
                      { value: 'one_off', label: '一次性：圈层当前成员' },
                      { value: 'tier_changed', label: '圈层成员等级变化时' },
                      { value: 'birthday_month', label: '圈层成员生日当月' },
                      { value: 'circle_left', label: '会员离开圈层时' },
                      { value: 'event_no_show', label: '圈层成员活动未到场' },
                      { value: 'points_expiring', label: '圈层成员积分即将到期' },
                    ]}
                  />
                </Form.Item>
              </Col>
              <Col xs={24} md={10}>
                <Form.Item
                  name={['definition', 'trigger', 'circleId']}
                  label="圈层"
                  rules={[{ required: true, message: '请选择圈层' }]}
                >
                  <Select
                    showSearch={{ optionFilterProp: 'label' }}
                    options={circles.options}
                    loading={circles.loading}
                    aria-label="圈层"
                    placeholder="选择触发的圈层"
                  />
                </Form.Item>
              </Col>
              {triggerType === 'tier_changed' && (
                <Col xs={24} md={6}>
                  <Form.Item
                    name={['definition', 'trigger', 'direction']}
                    label="等级变化"
                    rules={[{ required: true, message: '请选择升级或降级' }]}
                  >
                    <Select
                      aria-label="等级变化"
                      options={[
                        { value: 'up', label: '升级' },
                        { value: 'down', label: '降级' },
                      ]}
                    />
                  </Form.Item>
                </Col>
              )}
              {triggerType === 'points_expiring' && (
                <Col xs={24} md={6}>
                  <Form.Item
                    name={['definition', 'trigger', 'withinDays']}
                    label="提前天数"
                    initialValue={7}
                    rules={[
                      {
                        required: true,
                        type: 'integer',
                        min: 1,
                        max: 60,
                        message: '请输入 1–60 天',
                      },
                    ]}
                  >
                    <InputNumber aria-label="提前天数" suffix="天" className="panel-fill" />
                  </Form.Item>
                </Col>
              )}
              {triggerType === 'circle_entered' && (
                <Col xs={24} md={6}>
                  <Form.Item
                    name={['definition', 'trigger', 'includeCurrent']}
                    label="包含已在圈层的会员"
                    valuePropName="checked"
                  >
                    <Switch aria-label="包含已在圈层的会员" />
                  </Form.Item>
                </Col>
              )}
            </Row>
          </Card>
          <Card title="步骤" size="small">
            <StepsEditor form={form} perkOptions={perks.options} disabled={!editable} />
          </Card>
        </Form>
      </Spin>
    </>
  );
}
