import { circleRoutes, pointsAdminRoutes } from './index';
import { routePath } from './contract';

describe('routePath', () => {
  it('fills each :name with its encoded parameter', () => {
    expect(routePath(circleRoutes.exportCsv, { id: 'vip dormant/1' })).toBe(
      '/api/admin/circles/vip%20dormant%2F1/members.csv',
    );
    expect(routePath(pointsAdminRoutes.resumeGrant, { id: 42 })).toBe(
      '/api/admin/points/grants/42/resume',
    );
  });

  it('leaves a path without parameters as it is', () => {
    expect(routePath(circleRoutes.list)).toBe('/api/admin/circles');
  });

  it('refuses to build a URL with a missing or empty parameter', () => {
    expect(() => routePath(circleRoutes.get, {})).toThrow(/missing parameter "id"/);
    expect(() => routePath(circleRoutes.get, { id: '' })).toThrow(/missing parameter "id"/);
  });
});
