import { Spin } from 'antd';
import type { ComponentType } from 'react';
import { Outlet, type RouteObject } from 'react-router-dom';
import type { Area } from './auth/roles';
import { RequireAuth } from './auth/session';
import { RequireArea } from './layout/RequireArea';
import { RouteError } from './layout/RouteError';
import { PANEL_PAGES, type PanelPage } from './pages';

/** Router basename: the server serves the panel under /admin/. */
export const PANEL_BASENAME = '/admin';

type Load = () => Promise<{ default: ComponentType }>;

function lazyPage(load: Load): RouteObject['lazy'] {
  return async () => ({ Component: (await load()).default });
}

/** A section's page, shown only to roles that may view the section. */
function gatedPage(area: Area, load: Load): RouteObject['lazy'] {
  return async () => {
    const Page = (await load()).default;
    return {
      element: (
        <RequireArea area={area}>
          <Page />
        </RequireArea>
      ),
    };
  };
}

function sectionRoutes(page: PanelPage): RouteObject[] {
  const main: RouteObject =
    page.path === ''
      ? { index: true, lazy: gatedPage(page.area, page.load) }
      : { path: page.path, lazy: gatedPage(page.area, page.load) };
  const deeper = (page.children ?? []).map<RouteObject>((child) => ({
    path: `${page.path}/${child.path}`,
    lazy: gatedPage(page.area, child.load),
  }));
  return [main, ...deeper];
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
                ...PANEL_PAGES.flatMap(sectionRoutes),
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
