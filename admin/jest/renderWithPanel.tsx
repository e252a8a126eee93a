import type { AdminRole } from '@circles/shared';
import { render } from '@testing-library/react';
import { App as AntApp, ConfigProvider } from 'antd';
import type { ReactNode } from 'react';
import { MemoryRouter } from 'react-router-dom';
import { zhCN } from '../src/common/locale';
import { SessionProvider } from '../src/panel/auth/session';
import { panelSession } from './panelSession';

/** Renders one panel component (not the whole route tree) signed in as `role`. */
export function renderWithPanel(ui: ReactNode, role: AdminRole = 'ops') {
  return render(
    <ConfigProvider locale={zhCN}>
      <AntApp>
        <SessionProvider initial={panelSession(role)}>
          <MemoryRouter>{ui}</MemoryRouter>
        </SessionProvider>
      </AntApp>
    </ConfigProvider>,
  );
}
