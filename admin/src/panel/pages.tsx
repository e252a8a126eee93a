import {
  AuditOutlined,
  CalendarOutlined,
  CheckSquareOutlined,
  CrownOutlined,
  DashboardOutlined,
  IdcardOutlined,
  ShareAltOutlined,
  TagsOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import type { ComponentType, ReactNode } from 'react';

type PageModule = { default: ComponentType };

/** One entry per side-menu page; the router and the menu are both built from this list. */
export interface PanelPage {
  /** Route path below /admin ('' is the index page). */
  path: string;
  label: string;
  icon: ReactNode;
  /** Dynamic import, so each page is its own chunk and loads on first visit. */
  load: () => Promise<PageModule>;
}

export const PANEL_PAGES: readonly PanelPage[] = [
  {
    path: '',
    label: '概览',
    icon: <DashboardOutlined />,
    load: () => import('./pages/DashboardPage'),
  },
  {
    path: 'members',
    label: '会员',
    icon: <TeamOutlined />,
    load: () => import('./pages/MembersPage'),
  },
  {
    path: 'tiers',
    label: '等级与权益',
    icon: <CrownOutlined />,
    load: () => import('./pages/TiersPage'),
  },
  {
    path: 'events',
    label: '社群活动',
    icon: <CalendarOutlined />,
    load: () => import('./pages/EventsPage'),
  },
  {
    path: 'tasks',
    label: '任务',
    icon: <CheckSquareOutlined />,
    load: () => import('./pages/TasksPage'),
  },
  {
    path: 'referrals',
    label: '邀请',
    icon: <ShareAltOutlined />,
    load: () => import('./pages/ReferralsPage'),
  },
  { path: 'tags', label: '标签', icon: <TagsOutlined />, load: () => import('./pages/TagsPage') },
  {
    path: 'consultants',
    label: '导购',
    icon: <IdcardOutlined />,
    load: () => import('./pages/ConsultantsPage'),
  },
  {
    path: 'audit',
    label: '审计日志',
    icon: <AuditOutlined />,
    load: () => import('./pages/AuditPage'),
  },
];

/** Menu key / link target for a page. */
export function pageHref(page: PanelPage): string {
  return `/${page.path}`;
}
