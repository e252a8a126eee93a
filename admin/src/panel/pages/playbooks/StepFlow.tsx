import { SUBSCRIBE_PURPOSE_SPECS } from '@circles/shared';
import { Empty, Space, Tag, Timeline, Typography } from 'antd';
import type { ReactNode } from 'react';
import type { PlaybookFunnel, PlaybookStep } from '../../api/playbooks';
import { count } from '../../format';
import { conditionText, purposeFields, stepTitle, targetText } from './playbookText';

const COLOR: Partial<Record<PlaybookStep['type'], string>> = {
  consultant_task: 'blue',
  grant_perk: 'green',
  grant_points: 'green',
  subscribe_message: 'blue',
  branch: 'orange',
  wait: 'gray',
  wait_until: 'gray',
};

const Label = ({ children }: { children: ReactNode }) => (
  <Typography.Text type="secondary">{children}：</Typography.Text>
);

function StepDetails(props: {
  step: PlaybookStep;
  stepCount: number;
  perkName: (code: string) => string | undefined;
}) {
  const { step } = props;
  switch (step.type) {
    case 'consultant_task':
      return (
        <>
          <div className="playbook-step-line">{step.title}</div>
          <Label>话术</Label>
          <ol className="playbook-script">
            {step.script.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ol>
          <div className="playbook-step-line">
            <Label>结果选项</Label>
            {step.outcomes.map((o) => (
              <Tag key={o}>{o}</Tag>
            ))}
          </div>
          <Typography.Text type="secondary">
            {step.timeoutDays} 天内导购未反馈，按「超时」继续
          </Typography.Text>
        </>
      );
    case 'grant_perk': {
      const name = props.perkName(step.perkCode);
      return (
        <div>
          <Label>权益</Label>
          {name ? `${name}（${step.perkCode}）` : step.perkCode}
        </div>
      );
    }
    case 'grant_points':
      return <div>发放 {count(step.points)} 积分</div>;
    case 'subscribe_message': {
      const fields = purposeFields(step.purpose);
      return (
        <>
          <div className="playbook-step-line">
            <Label>模板</Label>
            {SUBSCRIBE_PURPOSE_SPECS[step.purpose]?.title ?? step.purpose}
          </div>
          {fields.map((f) => (
            <div key={f.key}>
              <Label>{f.label}</Label>
              {step.data[f.key] || <Typography.Text type="secondary">（未填写）</Typography.Text>}
            </div>
          ))}
          {step.page && (
            <div>
              <Label>跳转页面</Label>
              {step.page}
            </div>
          )}
        </>
      );
    }
    case 'tag':
      return (
        <div>
          <Label>{step.action === 'add' ? '打上标签' : '移除标签'}</Label>
          {step.tagId}
        </div>
      );
    case 'wait':
      return <Typography.Text type="secondary">到点后继续下一步</Typography.Text>;
    case 'wait_until':
      return <Typography.Text type="secondary">北京时间，到点后继续下一步</Typography.Text>;
    case 'branch':
      return (
        <>
          <div>
            <Label>条件</Label>
            {conditionText(step)}
          </div>
          <div>
            是 → {targetText(step.yes, props.stepCount)}，否 →{' '}
            {targetText(step.no, props.stepCount)}
          </div>
        </>
      );
  }
}

/**
 * The steps top to bottom, each with what it does and how many runs reached it. Counts are by
 * step number over every version, so after an edit they describe the old steps at that slot too.
 */
export function StepFlow(props: {
  steps: readonly PlaybookStep[];
  funnel?: PlaybookFunnel;
  perkName: (code: string) => string | undefined;
}) {
  const { steps, funnel } = props;
  if (steps.length === 0) return <Empty description="还没有步骤" />;
  const reached = new Map((funnel?.steps ?? []).map((s) => [s.step, s.runs]));
  return (
    <Timeline
      className="playbook-flow"
      items={steps.map((step, i) => ({
        key: `${i}-${step.type}`,
        color: COLOR[step.type] ?? 'gray',
        // All in `content`: a Timeline title would move to the other side of the line.
        content: (
          <div className="playbook-step">
            <Space size={8} wrap className="playbook-step-head">
              <Typography.Text strong>
                第 {i + 1} 步 · {stepTitle(step, steps.length)}
              </Typography.Text>
              {funnel && (
                <Tag color="processing" aria-label={`第 ${i + 1} 步到达人数`}>
                  {count(reached.get(i) ?? 0)} 人到达
                </Tag>
              )}
            </Space>
            <StepDetails step={step} stepCount={steps.length} perkName={props.perkName} />
          </div>
        ),
      }))}
    />
  );
}
