import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { login, type LoginCredentials } from '../api/auth';
import { describeLoginError, type LoginErrorText } from '../auth/loginError';
import { type LoginRedirectState, useSession } from '../auth/session';

export default function LoginPage() {
  const [form] = Form.useForm<LoginCredentials>();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<LoginErrorText | null>(null);
  const { signIn } = useSession();
  const navigate = useNavigate();
  const redirect = useLocation().state as LoginRedirectState | null;
  const from = redirect?.from ?? '/';
  // Leaving the page mid-request must not update an unmounted form.
  const inFlight = useRef<AbortController | null>(null);
  useEffect(() => () => inFlight.current?.abort(), []);

  async function onFinish(values: LoginCredentials) {
    const controller = new AbortController();
    inFlight.current = controller;
    setPending(true);
    setError(null);
    try {
      const username = values.username.trim();
      signIn(await login({ username, password: values.password }, controller.signal));
      navigate(from, { replace: true });
    } catch (err) {
      if (controller.signal.aborted) return;
      setError(describeLoginError(err));
      setPending(false);
    }
  }

  return (
    <div className="panel-login">
      <Card className="panel-login-card">
        <Typography.Title level={3} className="panel-login-title">
          圈层会员 · 运营后台
        </Typography.Title>
        {!error && redirect?.ended === 'expired' && (
          <Alert
            className="panel-login-alert"
            type="warning"
            showIcon
            title="登录已过期，请重新登录"
          />
        )}
        {error && (
          <Alert
            className="panel-login-alert"
            type="error"
            showIcon
            role="alert"
            title={error.title}
            description={error.detail}
          />
        )}
        <Form
          form={form}
          name="login"
          layout="vertical"
          requiredMark={false}
          disabled={pending}
          onFinish={onFinish}
        >
          <Form.Item
            label="用户名"
            name="username"
            rules={[
              { required: true, whitespace: true, message: '请输入用户名' },
              { max: 64, message: '用户名不能超过 64 个字符' },
            ]}
          >
            <Input prefix={<UserOutlined />} autoComplete="username" placeholder="用户名" />
          </Form.Item>
          <Form.Item
            label="密码"
            name="password"
            rules={[
              { required: true, message: '请输入密码' },
              { max: 128, message: '密码不能超过 128 个字符' },
            ]}
          >
            <Input.Password
              prefix={<LockOutlined />}
              autoComplete="current-password"
              placeholder="密码"
            />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={pending} disabled={pending}>
            登录
          </Button>
        </Form>
      </Card>
    </div>
  );
}
