import {
  AuditOutlined,
  CalendarOutlined,
  CheckSquareOutlined,
  ClusterOutlined,
  CrownOutlined,
  DashboardOutlined,
  FundViewOutlined,
  HeartOutlined,
  IdcardOutlined,
  NodeIndexOutlined,
  PayCircleOutlined,
  ShareAltOutlined,
  TagsOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import type { ComponentType, ReactNode } from 'react';
import type { Area } from './auth/roles';

type PageModule = { default: ComponentType };

/** One entry per side-menu page; the router and the menu are both built from this list. */
export interface PanelPage {
  /** Route path below /admin ('' is the index page). */
  path: string;
  label: string;
  icon: ReactNode;
  /** Section for role checks: who sees the menu entry and who gets save buttons. */
  area: Area;
  /** Dynamic import, so each page is its own chunk and loads on first visit. */
  load: () => Promise<PageModule>;
  /** Deeper pages of the section (e.g. a member's detail), each its own chunk too. */
  children?: ReadonlyArray<{ path: string; load: () => Promise<PageModule> }>;
}

export const PANEL_PAGES: readonly PanelPage[] = [
  {
    path: '',
    area: 'dashboard',
    label: '概览',
    icon: <DashboardOutlined />,
    load: () => import('./pages/DashboardPage'),
  },
  {
    path: 'members',
    area: 'members',
    label: '会员',
    icon: <TeamOutlined />,
    load: () => import('./pages/MembersPage'),
    children: [{ path: ':memberNo', load: () => import('./pages/MemberDetailPage') }],
  },
  {
    path: 'tiers',
    area: 'tiers',
    label: '等级与权益',
    icon: <CrownOutlined />,
    load: () => import('./pages/TiersPage'),
  },
  {
    path: 'events',
    area: 'events',
    label: '社群活动',
    icon: <CalendarOutlined />,
    load: () => import('./pages/EventsPage'),
  },
  {
    path: 'tasks',
    area: 'tasks',
    label: '任务',
    icon: <CheckSquareOutlined />,
    load: () => import('./pages/TasksPage'),
  },
  {
    path: 'circles',
    area: 'circles',
    label: '圈层',
    icon: <ClusterOutlined />,
    load: () => import('./pages/CirclesPage'),
    children: [
      { path: 'new', load: () => import('./pages/CircleEditorPage') },
      { path: ':id', load: () => import('./pages/CircleDetailPage') },
      { path: ':id/edit', load: () => import('./pages/CircleEditorPage') },
    ],
  },
  {
    path: 'circle-dashboard',
    area: 'circles',
    label: '圈层看板',
    icon: <FundViewOutlined />,
    load: () => import('./pages/CircleDashboardPage'),
  },
  {
    path: 'playbooks',
    area: 'circles',
    label: '运营剧本',
    icon: <NodeIndexOutlined />,
    load: () => import('./pages/playbooks/PlaybooksPage'),
    children: [
      { path: 'new', load: () => import('./pages/playbooks/PlaybookEditorPage') },
      { path: ':id', load: () => import('./pages/playbooks/PlaybookDetailPage') },
      { path: ':id/edit', load: () => import('./pages/playbooks/PlaybookEditorPage') },
    ],
  },
  {
    path: 'member-health',
    area: 'circles',
    label: '会员健康度',
    icon: <HeartOutlined />,
    load: () => import('./pages/health/MemberHealthPage'),
  },
  {
    path: 'referrals',
    area: 'referrals',
    label: '邀请',
    icon: <ShareAltOutlined />,
    load: () => import('./pages/ReferralsPage'),
  },
  {
    path: 'tags',
    area: 'tags',
    label: '标签',
    icon: <TagsOutlined />,
    load: () => import('./pages/TagsPage'),
  },
  {
    path: 'consultants',
    area: 'consultants',
    label: '导购',
    icon: <IdcardOutlined />,
    load: () => import('./pages/ConsultantsPage'),
  },
  {
    path: 'payments',
    area: 'payments',
    label: '支付订单',
    icon: <PayCircleOutlined />,
    load: () => import('./pages/PaymentsPage'),
  },
  {
    path: 'audit',
    area: 'audit',
    label: '审计日志',
    icon: <AuditOutlined />,
    load: () => import('./pages/AuditPage'),
  },
];

/** Menu key / link target for a page. */
export function pageHref(page: PanelPage): string {
  return `/${page.path}`;
}
