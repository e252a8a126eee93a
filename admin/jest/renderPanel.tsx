import { render } from '@testing-library/react';
import { App as AntApp, ConfigProvider } from 'antd';
import { createMemoryRouter, RouterProvider } from 'react-router-dom';
import { zhCN } from '../src/common/locale';
import { type Session, SessionProvider } from '../src/panel/auth/session';
import { createPanelRoutes } from '../src/panel/routes';

/** Renders the real panel route tree at `path` (relative to /admin), optionally signed in. */
export function renderPanel(path: string, session: Session | null = null) {
  const router = createMemoryRouter(createPanelRoutes(), { initialEntries: [path] });
  const view = render(
    <ConfigProvider locale={zhCN}>
      <AntApp>
        <SessionProvider initial={session}>
          <RouterProvider router={router} />
        </SessionProvider>
      </AntApp>
    </ConfigProvider>,
  );
  return { ...view, router };
}
