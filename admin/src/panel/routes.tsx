import { Spin } from 'antd';
import type { ComponentType } from 'react';
import { Outlet, type RouteObject } from 'react-router-dom';
import { RequireAuth } from './auth/session';
import { RouteError } from './layout/RouteError';
import { PANEL_PAGES } from './pages';

/** Router basename: the server serves the panel under /admin/. */
export const PANEL_BASENAME = '/admin';

function lazyPage(load: () => Promise<{ default: ComponentType }>): RouteObject['lazy'] {
  return async () => ({ Component: (await load()).default });
}

/**
 * Route tree shared by the browser router (App.tsx) and the tests' memory router. Every page
 * and the signed-in layout are lazy, so the login page ships without the menu or any page.
 */
export function createPanelRoutes(): RouteObject[] {
  return [
    {
      path: '/login',
      lazy: lazyPage(() => import('./pages/LoginPage')),
      hydrateFallbackElement: <RouteFallback />,
      errorElement: <RouteError />,
    },
    {
      path: '/',
      // The guard needs no chunk, so it decides at once. The router still starts every matched
      // route's `lazy` up front, so a deep link warms its layout/page chunks for after sign-in.
      element: (
        <RequireAuth>
          <Outlet />
        </RequireAuth>
      ),
      hydrateFallbackElement: <RouteFallback />,
      errorElement: <RouteError />,
      children: [
        {
          lazy: async () => ({ Component: (await import('./layout/AppLayout')).AppLayout }),
          children: [
            {
              // Pathless boundary inside the layout: a broken page keeps the menu usable.
              errorElement: <RouteError />,
              children: [
                ...PANEL_PAGES.map<RouteObject>((page) =>
                  page.path === ''
                    ? { index: true, lazy: lazyPage(page.load) }
                    : { path: page.path, lazy: lazyPage(page.load) },
                ),
                { path: '*', lazy: lazyPage(() => import('./pages/NotFoundPage')) },
              ],
            },
          ],
        },
      ],
    },
  ];
}

function RouteFallback() {
  return (
    <div className="panel-route-fallback">
      <Spin size="large" />
    </div>
  );
}
