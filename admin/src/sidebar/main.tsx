import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { SidebarApp } from './SidebarApp';
import './sidebar.css';

// Plain React and one stylesheet: the sidebar opens on every chat switch, so it stays small
// (no component library in this bundle).
const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <SidebarApp />
    </StrictMode>,
  );
}
