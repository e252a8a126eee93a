import { Card, Empty, Skeleton, Typography } from 'antd';
import { HealthStatus } from '../common/HealthStatus';
import { useHealth } from '../common/health';

/**
 * The consultant's chat-toolbar page. Identifying the current external contact needs WeCom
 * OAuth and the JS-SDK (next issue); until then it reports the connection and says plainly
 * that no customer is known.
 */
export function SidebarApp() {
  const { state, reload } = useHealth();
  return (
    <main className="sidebar">
      <header className="sidebar-header">
        <Typography.Text strong>圈层会员 · 客户信息</Typography.Text>
      </header>
      <div className="sidebar-status">
        <HealthStatus state={state} onRetry={reload} />
      </div>
      <Card size="small" className="sidebar-card">
        {state.phase === 'loading' ? (
          <Skeleton active avatar paragraph={{ rows: 3 }} title={false} />
        ) : (
          <Empty
            image={Empty.PRESENTED_IMAGE_SIMPLE}
            description={
              <>
                <div>未获取到当前客户</div>
                <Typography.Text type="secondary" className="sidebar-hint">
                  请在企业微信中打开与客户的单聊，从聊天工具栏进入本页面
                </Typography.Text>
              </>
            }
          />
        )}
      </Card>
    </main>
  );
}
