import { CopyOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Empty, Form, Input, Modal, Row, Typography } from 'antd';
import { useEffect, useState } from 'react';
import {
  copyTemplate,
  definitionOf,
  type PlaybookTemplateView,
  type PlaybookView,
} from '../../api/playbooks';
import { type CircleLike, CircleChip } from '../../components/CircleChip';
import { ID_RULES } from './editorModel';
import { placeServerErrors } from './serverErrors';
import { triggerText } from './playbookText';

/** The built-in SOPs, each copied into a draft ops then point at their own circles and perks. */
export function TemplateCards(props: {
  templates: PlaybookTemplateView[] | undefined;
  loading: boolean;
  writable: boolean;
  circleOf: (id: string) => CircleLike | undefined;
  onCopied: (saved: PlaybookView) => void;
}) {
  const [copying, setCopying] = useState<PlaybookTemplateView | null>(null);
  const templates = props.templates ?? [];
  return (
    <Card title="剧本模板" className="panel-block" loading={props.loading}>
      {templates.length === 0 ? (
        <Empty description="暂无内置模板" />
      ) : (
        <Row gutter={[16, 16]}>
          {templates.map((t) => {
            const def = definitionOf(t);
            const circleId = def?.trigger.circleId;
            return (
              <Col key={t.id} xs={24} md={12} xl={8}>
                <Card
                  size="small"
                  title={t.name}
                  className="playbook-template"
                  aria-label={`模板 ${t.name}`}
                  extra={
                    props.writable && (
                      <Button size="small" icon={<CopyOutlined />} onClick={() => setCopying(t)}>
                        复制为草稿
                      </Button>
                    )
                  }
                >
                  <Typography.Paragraph>{t.description || '—'}</Typography.Paragraph>
                  {def && circleId && (
                    <Typography.Text type="secondary">
                      {def.steps.length} 个步骤 ·{' '}
                      <CircleChip
                        circle={props.circleOf(circleId) ?? { id: circleId, name: circleId }}
                      />
                      {triggerText(def.trigger)}
                    </Typography.Text>
                  )}
                </Card>
              </Col>
            );
          })}
        </Row>
      )}
      <CopyModal template={copying} onClose={() => setCopying(null)} onCopied={props.onCopied} />
    </Card>
  );
}

function CopyModal(props: {
  template: PlaybookTemplateView | null;
  onClose: () => void;
  onCopied: (saved: PlaybookView) => void;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ id: string }>();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { template, onClose, onCopied } = props;

  useEffect(() => {
    if (!template) return;
    setError(null);
    form.resetFields();
    form.setFieldsValue({ id: `${template.id}-copy` });
  }, [template, form]);

  async function submit({ id }: { id: string }) {
    if (!template) return;
    setPending(true);
    setError(null);
    try {
      const saved = await copyTemplate(template.id, id);
      message.success(`已复制为草稿「${template.name}」（${saved.id}），请检查圈层与权益后再启用`);
      onCopied(saved);
      onClose();
    } catch (err) {
      setError(placeServerErrors(form, err));
    } finally {
      setPending(false);
    }
  }

  return (
    <Modal
      title={template ? `复制模板 · ${template.name}` : '复制模板'}
      open={template !== null}
      okText="复制为草稿"
      cancelText="取消"
      confirmLoading={pending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" name="copy-template" onFinish={submit}>
        <Form.Item
          name="id"
          label="新剧本编号"
          rules={ID_RULES}
          extra="小写字母、数字和 -，保存后不能修改"
        >
          <Input />
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
