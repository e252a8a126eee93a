import { ConfigProvider, theme } from 'antd';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { zhCN } from '../common/locale';
import { SidebarApp } from './SidebarApp';
import './sidebar.css';

// The WeCom sidebar is ~360 px wide: antd's compact algorithm and a 13 px base font.
const SIDEBAR_THEME = { algorithm: theme.compactAlgorithm, token: { fontSize: 13 } };

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ConfigProvider locale={zhCN} theme={SIDEBAR_THEME}>
      <SidebarApp />
    </ConfigProvider>
  </StrictMode>,
);
