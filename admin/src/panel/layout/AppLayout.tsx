import { LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Layout, Menu, type MenuProps, Progress, Space, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Outlet, useLocation, useNavigate, useNavigation } from 'react-router-dom';
import { canView, ROLE_LABELS } from '../auth/roles';
import { useSession } from '../auth/session';
import { PANEL_PAGES, pageHref } from '../pages';

const { Sider, Header, Content } = Layout;

/** The menu key for a location: the first path segment ('/members/123' → '/members'). */
export function selectedMenuKey(pathname: string): string {
  const first = pathname.split('/').filter(Boolean)[0];
  return first ? `/${first}` : '/';
}

/** Signed-in frame: side menu, header with the user, and the routed page. */
export function AppLayout() {
  const [collapsed, setCollapsed] = useState(false);
  const { session, signOut } = useSession();
  const role = session?.account.role;
  const menuItems = useMemo<MenuProps['items']>(
    () =>
      PANEL_PAGES.filter((page) => canView(role, page.area)).map((page) => ({
        key: pageHref(page),
        icon: page.icon,
        label: page.label,
      })),
    [role],
  );
  const location = useLocation();
  const navigate = useNavigate();
  // A lazy page's chunk is loading: show progress instead of a frozen screen.
  const loading = useNavigation().state === 'loading';

  return (
    <Layout className="panel-layout">
      <Sider collapsible collapsed={collapsed} onCollapse={setCollapsed} width={208}>
        <div className="panel-brand">{collapsed ? '圈' : '圈层会员'}</div>
        <Menu
          theme="dark"
          mode="inline"
          items={menuItems}
          selectedKeys={[selectedMenuKey(location.pathname)]}
          onClick={({ key }) => navigate(key)}
        />
      </Sider>
      <Layout>
        <Header className="panel-header">
          <Typography.Text strong>运营后台</Typography.Text>
          <Space>
            <UserOutlined />
            <Typography.Text>{session?.account.displayName}</Typography.Text>
            <Typography.Text type="secondary">{session?.account.username}</Typography.Text>
            {role && <Tag color={role === 'analyst' ? 'default' : 'blue'}>{ROLE_LABELS[role]}</Tag>}
            <Button
              type="link"
              icon={<LogoutOutlined />}
              onClick={() => {
                signOut();
                navigate('/login', { replace: true });
              }}
            >
              退出登录
            </Button>
          </Space>
        </Header>
        {loading && (
          <Progress
            className="panel-nav-progress"
            percent={100}
            status="active"
            showInfo={false}
            size="small"
            aria-label="页面加载中"
          />
        )}
        <Content className="panel-content">
          <Outlet />
        </Content>
      </Layout>
    </Layout>
  );
}
