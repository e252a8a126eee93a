import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, InputNumber, Space, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { applyServerErrors, errorText } from '../../api/errors';
import { fetchLadder, type LadderPreview, previewLadder, saveLadder } from '../../api/tiers';
import { useCanWrite } from '../../auth/session';
import { LoadError } from '../../components/LoadError';
import { useApiData } from '../../hooks/useApiData';
import { beijingDateTime } from '@circles/shared/src/domain/time/beijing';
import {
  CROSS_FIELDS,
  crossRule,
  effectiveText,
  FIELD_RULES,
  GROWTH_PER_YUAN_RULES,
  type LadderForm,
  ladderIssues,
  ladderKey,
  nextRow,
  type TierField,
} from './ladderRules';
import { PreviewTable } from './PreviewTable';
import { SaveConfirm } from './SaveConfirm';

const COLUMNS: Array<{ field: TierField; title: string; width?: number; number?: boolean }> = [
  { field: 'code', title: '代码', width: 130 },
  { field: 'name', title: '名称', width: 120 },
  { field: 'rank', title: '序号', width: 80, number: true },
  { field: 'color', title: '颜色', width: 120 },
  { field: 'upgradeGrowth', title: '升级成长值', width: 140, number: true },
  { field: 'retainGrowth', title: '保级成长值', width: 140, number: true },
  { field: 'pointsMultiplier', title: '积分倍率', width: 110, number: true },
];

/**
 * The tier ladder: every cell validates as it is typed (field rules plus the ladder's
 * cross-row rules), and saving needs a preview of exactly the values on screen first. 保存
 * re-runs that preview (the data may have moved since) and asks for confirmation with its impact
 * and the time the tier run applies the new thresholds.
 */
export function LadderEditor() {
  const { message } = App.useApp();
  const writable = useCanWrite('tiers');
  const [form] = Form.useForm<LadderForm>();
  const ladder = useApiData((signal) => fetchLadder(signal), []);
  const [preview, setPreview] = useState<{ key: string; result: LadderPreview } | null>(null);
  const [busy, setBusy] = useState<'preview' | 'save' | null>(null);
  const [hasErrors, setHasErrors] = useState(false);
  const [confirm, setConfirm] = useState<{ body: LadderForm; result: LadderPreview } | null>(null);
  const values = Form.useWatch([], form) as LadderForm | undefined;

  useEffect(() => {
    if (ladder.data) {
      form.setFieldsValue({ tiers: ladder.data.tiers, growthPerYuan: ladder.data.growthPerYuan });
    }
  }, [ladder.data, form]);

  const rows = values?.tiers ?? [];
  const issues = ladderIssues(rows);
  const previewFresh =
    preview !== null && values !== undefined && preview.key === ladderKey(values);

  // Cross-row rules depend on neighbours: re-check every such cell after any change.
  function revalidate() {
    const names = (form.getFieldValue('tiers') ?? []).flatMap((_: unknown, i: number) =>
      CROSS_FIELDS.map((f) => ['tiers', i, f]),
    );
    form
      .validateFields(names, { recursive: false })
      .catch(() => undefined)
      .finally(() => setHasErrors(form.getFieldsError().some((f) => f.errors.length > 0)));
  }

  async function runPreview() {
    const body = await form.validateFields().catch(() => null);
    if (!body) return;
    setBusy('preview');
    try {
      setPreview({ key: ladderKey(body), result: await previewLadder(body) });
    } catch (err) {
      if (!applyServerErrors(form, err)) message.error(errorText(err));
    } finally {
      setBusy(null);
    }
  }

  /** A fresh preview of the values on screen, shown in the confirm dialog. */
  async function askToSave() {
    const body = await form.validateFields().catch(() => null);
    if (!body || !preview || preview.key !== ladderKey(body)) return;
    setBusy('save');
    try {
      const result = await previewLadder(body);
      setPreview({ key: ladderKey(body), result });
      setConfirm({ body, result });
    } catch (err) {
      if (!applyServerErrors(form, err)) message.error(errorText(err));
    } finally {
      setBusy(null);
    }
  }

  async function save() {
    if (!confirm) return;
    setBusy('save');
    try {
      const saved = await saveLadder(confirm.body);
      ladder.setData(saved);
      setConfirm(null);
      message.success(
        saved.effectiveAt
          ? `等级设置已保存，${effectiveText(saved.effectiveAt)}`
          : '等级设置已保存',
      );
    } catch (err) {
      setConfirm(null);
      if (!applyServerErrors(form, err)) message.error(errorText(err));
    } finally {
      setBusy(null);
    }
  }

  if (ladder.error && !ladder.data)
    return <LoadError error={ladder.error} onRetry={ladder.reload} />;

  return (
    <Card
      title="等级阶梯"
      loading={ladder.loading && !ladder.data}
      extra={
        ladder.data?.updatedAt && (
          <Typography.Text type="secondary">
            上次保存：{beijingDateTime(new Date(ladder.data.updatedAt))}（北京时间）
          </Typography.Text>
        )
      }
    >
      {ladder.data?.effectiveAt && (
        <Alert
          className="panel-block"
          type="info"
          showIcon
          title={`已保存，${effectiveText(ladder.data.effectiveAt)}`}
          description="届时按新门槛重新评定全部会员；新订单已按新门槛计算升级。"
        />
      )}
      {!writable && (
        <Alert
          className="panel-block"
          type="info"
          showIcon
          title="只读账号：可以调整数值试算人数分布，但不能保存"
        />
      )}
      <Form form={form} name="ladder" onValuesChange={revalidate} component="div">
        <Form.List name="tiers">
          {(fields, { add, remove }) => (
            <>
              <Table
                size="small"
                pagination={false}
                rowKey="key"
                dataSource={fields}
                scroll={{ x: 1000 }}
                columns={[
                  ...COLUMNS.map((col) => ({
                    title: col.title,
                    width: col.width,
                    render: (_: unknown, f: { name: number }) => (
                      <Form.Item
                        name={[f.name, col.field]}
                        rules={[...FIELD_RULES[col.field], crossRule(f.name, col.field)]}
                        className="panel-cell-item"
                      >
                        {col.number ? (
                          <InputNumber
                            aria-label={`第 ${f.name + 1} 级${col.title}`}
                            className="panel-fill"
                            step={col.field === 'pointsMultiplier' ? 0.1 : 1}
                          />
                        ) : (
                          <Input
                            aria-label={`第 ${f.name + 1} 级${col.title}`}
                            prefix={
                              col.field === 'color' ? (
                                <span
                                  className="panel-swatch"
                                  style={{ background: rows[f.name]?.color }}
                                />
                              ) : undefined
                            }
                          />
                        )}
                      </Form.Item>
                    ),
                  })),
                  {
                    title: '',
                    width: 56,
                    render: (_: unknown, f: { name: number }) => (
                      <Button
                        type="text"
                        danger
                        aria-label={`删除第 ${f.name + 1} 级`}
                        icon={<DeleteOutlined />}
                        disabled={fields.length <= 1}
                        onClick={() => {
                          remove(f.name);
                          revalidate();
                        }}
                      />
                    ),
                  },
                ]}
              />
              <Button
                className="panel-block"
                type="dashed"
                icon={<PlusOutlined />}
                disabled={fields.length >= 12}
                onClick={() => add(nextRow(form.getFieldValue('tiers') ?? []))}
              >
                添加等级
              </Button>
            </>
          )}
        </Form.List>
        <Form.Item label="每消费 1 元获得成长值" name="growthPerYuan" rules={GROWTH_PER_YUAN_RULES}>
          <InputNumber aria-label="每元成长值" min={0} step={0.1} />
        </Form.Item>
      </Form>
      {issues.length > 0 && (
        <Alert
          className="panel-block"
          type="error"
          showIcon
          title="等级设置有误"
          description={
            <ul className="panel-issues">
              {issues.map((i) => (
                <li key={i.path}>{i.message}</li>
              ))}
            </ul>
          }
        />
      )}
      <Space wrap>
        <Button
          onClick={runPreview}
          loading={busy === 'preview'}
          disabled={busy !== null || issues.length > 0 || hasErrors}
        >
          预览各等级人数
        </Button>
        {writable && (
          <Button
            type="primary"
            onClick={askToSave}
            loading={busy === 'save' && !confirm}
            disabled={busy !== null || !previewFresh || issues.length > 0 || hasErrors}
          >
            保存等级设置
          </Button>
        )}
        {writable && !previewFresh && (
          <Typography.Text type="secondary">保存前请先预览当前数值下的人数分布</Typography.Text>
        )}
      </Space>
      {preview && <PreviewTable result={preview.result} stale={!previewFresh} />}
      <SaveConfirm
        preview={confirm?.result ?? null}
        saving={busy === 'save'}
        onConfirm={save}
        onCancel={() => setConfirm(null)}
      />
    </Card>
  );
}
