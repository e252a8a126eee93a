import { ArrowLeftOutlined, SaveOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Form, Row, Space, Spin } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { createCircle, fetchCircle, fetchCircleFields, updateCircle } from '../api/circles';
import { applyServerErrors, errorText } from '../api/errors';
import { useCanWrite, useSession } from '../auth/session';
import { LoadError } from '../components/LoadError';
import { useApiData } from '../hooks/useApiData';
import { PageTitle } from '../layout/PagePlaceholder';
import { CircleMetaForm } from './circles/CircleMetaForm';
import { CirclePreviewPanel } from './circles/CirclePreviewPanel';
import {
  type CircleMetaValues,
  metaValuesOf,
  newCircleValues,
  toCreateBody,
  toUpdateBody,
} from './circles/circleRules';
import { RuleBuilder } from './circles/RuleBuilder';
import { indexFields, newGroup } from './circles/ruleModel';
import { parseRule } from './circles/ruleParse';
import { useRuleDraft } from './circles/useRuleDraft';

/**
 * Create or edit a circle: its name and look, the nested rule, and a live preview of who the
 * rule selects. Analysts may try rules (the preview) but not save.
 */
export default function CircleEditorPage() {
  const { id } = useParams();
  const creating = id === undefined;
  const navigate = useNavigate();
  const { message } = App.useApp();
  const writable = useCanWrite('circles');
  const owner = useSession().session?.account.displayName ?? '';
  const [form] = Form.useForm<CircleMetaValues>();
  const fields = useApiData((signal) => fetchCircleFields(signal), []);
  const circle = useApiData(
    (signal) => (id ? fetchCircle(id, signal) : Promise.resolve(null)),
    [id],
  );
  const draft = useRuleDraft(fields.data?.items);
  const { reset } = draft;
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!fields.data || circle.data === undefined) return;
    if (circle.data) {
      form.setFieldsValue(metaValuesOf(circle.data));
      reset(parseRule(circle.data.rule, indexFields(fields.data.items)));
    } else {
      form.setFieldsValue(newCircleValues(owner));
      reset(newGroup('all'));
    }
  }, [fields.data, circle.data, form, reset, owner]);

  async function save() {
    draft.revealIssues();
    setError(null);
    const values = await form.validateFields().catch(() => null);
    const rule = draft.rule;
    if (!rule) setError('规则中还有未完成的条件，请按标红提示补全');
    if (!values || !rule) return;
    setPending(true);
    try {
      const saved = id
        ? await updateCircle(id, toUpdateBody(values, rule))
        : await createCircle(toCreateBody(values, rule));
      message.success(`已保存圈层「${saved.name}」`);
      navigate(`/circles/${encodeURIComponent(saved.id)}`);
    } catch (err) {
      const onRule = draft.applyServerIssues(err);
      const onForm = applyServerErrors(form, err, 'body', ['body.rule']);
      if (onRule > 0 && !onForm) setError('规则中有条件未通过校验，请查看标红的条件');
      else if (onRule === 0 && !onForm) setError(errorText(err));
    } finally {
      setPending(false);
    }
  }

  const loadError = fields.error ?? circle.error;
  const loading = (fields.loading && !fields.data) || (circle.loading && circle.data === undefined);
  return (
    <>
      <PageTitle
        title={creating ? '新建圈层' : `编辑圈层 · ${circle.data?.name ?? id}`}
        extra={
          <Space>
            <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)}>
              返回
            </Button>
            {writable && (
              <Button
                type="primary"
                icon={<SaveOutlined />}
                loading={pending}
                disabled={loading || draft.root === null}
                onClick={save}
              >
                保存圈层
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
          title="只读账号：可以调整规则试算人数，但不能保存"
        />
      )}
      {loadError && (
        <div className="panel-block">
          <LoadError
            error={loadError}
            onRetry={() => {
              fields.reload();
              circle.reload();
            }}
          />
        </div>
      )}
      {error && <Alert className="panel-block" type="error" showIcon title={error} role="alert" />}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Spin spinning={loading}>
            <Card title="基本信息" size="small" className="panel-block">
              <CircleMetaForm form={form} creating={creating} disabled={!writable} />
            </Card>
            <Card title="圈层规则" size="small">
              {draft.root && fields.data ? (
                <RuleBuilder
                  root={draft.root}
                  fields={fields.data.items}
                  onChange={draft.change}
                  issues={draft.issues}
                  serverIssues={draft.serverIssues}
                  showIssues={draft.showIssues}
                />
              ) : (
                <div className="circle-rule-loading">{!loadError && <Spin />}</div>
              )}
            </Card>
          </Spin>
        </Col>
        <Col xs={24} xl={10}>
          <div className="circle-preview-sticky">
            <CirclePreviewPanel
              rule={draft.root ? draft.rule : null}
              issueCount={draft.issues.size}
              onRejected={draft.applyServerIssues}
            />
          </div>
        </Col>
      </Row>
    </>
  );
}
