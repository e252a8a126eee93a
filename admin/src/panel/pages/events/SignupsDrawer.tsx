import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Drawer, Form, Input, Space, Statistic, Table, Tag } from 'antd';
import { useState } from 'react';
import { errorText } from '../../api/errors';
import {
  type AdminEventView,
  checkIn,
  exportSignups,
  listSignups,
  type SignupRow,
} from '../../api/events';
import { useCanWrite } from '../../auth/session';
import { LoadError } from '../../components/LoadError';
import { dateTime } from '../../format';
import { useApiData } from '../../hooks/useApiData';
import { checkinWindowText, SIGNUP_STATE_TEXT } from './eventRules';

/** Sign-up list of one event, attendance summary, CSV export and manual check-in. */
export function SignupsDrawer({
  event,
  nameOf,
  onClose,
  onChanged,
}: {
  event: AdminEventView;
  nameOf: (tierCode: string) => string;
  onClose: () => void;
  onChanged: () => void;
}) {
  const { message } = App.useApp();
  const writable = useCanWrite('events');
  const signups = useApiData((signal) => listSignups(event.id, signal), [event.id]);
  const [form] = Form.useForm<{ token: string }>();
  const [pending, setPending] = useState(false);
  const rows = signups.data?.items ?? [];
  const attended = rows.filter((r) => r.state === 'attended').length;
  const expected = rows.filter((r) => r.state === 'registered' || r.state === 'attended').length;

  async function submit({ token }: { token: string }) {
    setPending(true);
    try {
      const r = await checkIn(event.id, token.trim());
      message.success(`${r.nickname}（${r.memberNo}）签到成功`);
      form.resetFields();
      signups.reload();
      onChanged();
    } catch (err) {
      form.setFields([{ name: 'token', errors: [errorText(err)] }]);
    } finally {
      setPending(false);
    }
  }

  return (
    <Drawer open title={`报名名单 · ${event.title}`} size={760} onClose={onClose}>
      <Space size="large" className="panel-block">
        <Statistic title="已报名" value={event.registered} />
        <Statistic title="候补" value={event.waitlisted} />
        <Statistic title="已签到" value={attended} suffix={`/ ${expected}`} />
        <Button icon={<DownloadOutlined />} onClick={() => exportSignups(event.id, event.title)}>
          导出 CSV
        </Button>
      </Space>
      {writable && event.status === 'published' && (
        <Form form={form} layout="inline" name="checkin" onFinish={submit} className="panel-block">
          <Form.Item label="签到时间">
            <span data-testid="checkin-window">{checkinWindowText(event)}</span>
          </Form.Item>
          <Form.Item
            name="token"
            label="签到码"
            rules={[{ required: true, whitespace: true, message: '请扫描或输入会员出示的签到码' }]}
          >
            <Input allowClear placeholder="扫码枪扫描会员二维码" className="panel-wide-input" />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" loading={pending}>
              签到
            </Button>
          </Form.Item>
        </Form>
      )}
      {signups.error && <LoadError error={signups.error} onRetry={signups.reload} />}
      <Table<SignupRow>
        rowKey="seq"
        size="small"
        loading={signups.loading}
        dataSource={rows}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        locale={{ emptyText: '暂无报名' }}
        columns={[
          { title: '序号', dataIndex: 'seq', width: 64 },
          { title: '会员号', dataIndex: 'memberNo' },
          { title: '昵称', dataIndex: 'nickname' },
          { title: '等级', dataIndex: 'tierCode', render: nameOf },
          {
            title: '状态',
            dataIndex: 'state',
            render: (s: string) => {
              const t = SIGNUP_STATE_TEXT[s];
              return <Tag color={t?.color}>{t?.text ?? s}</Tag>;
            },
          },
          { title: '报名时间', dataIndex: 'signedUpAt', render: dateTime },
          { title: '签到时间', dataIndex: 'checkedInAt', render: dateTime },
        ]}
      />
    </Drawer>
  );
}
