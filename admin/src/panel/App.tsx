import { App as AntApp, ConfigProvider } from 'antd';
import { useState } from 'react';
import { createBrowserRouter, RouterProvider } from 'react-router-dom';
import { zhCN } from '../common/locale';
import { SessionProvider } from './auth/session';
import { createPanelRoutes, PANEL_BASENAME } from './routes';

export function PanelApp() {
  // Created once per mount (not at module load) so the app is inert until rendered.
  const [router] = useState(() =>
    createBrowserRouter(createPanelRoutes(), { basename: PANEL_BASENAME }),
  );
  return (
    <ConfigProvider locale={zhCN}>
      <AntApp>
        <SessionProvider>
          <RouterProvider router={router} />
        </SessionProvider>
      </AntApp>
    </ConfigProvider>
  );
}
