import { StopOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';
import { type Area, canView, ROLE_LABELS } from '../auth/roles';
import { useSession } from '../auth/session';

/** A section the signed-in role may not open (a typed address or an old bookmark). */
export function RequireArea({ area, children }: { area: Area; children: ReactNode }) {
  const role = useSession().session?.account.role;
  if (canView(role, area)) return children;
  return (
    <div className="panel-route-error" role="alert">
      <StopOutlined className="panel-route-error-icon" />
      <h2>无权访问</h2>
      <p>当前角色（{role ? ROLE_LABELS[role] : '未登录'}）不能查看此页面</p>
    </div>
  );
}
