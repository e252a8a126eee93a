import { type FetchMock, fakeResponse } from './fakeFetch';

/** One fake endpoint: method + path (no query) → status and body, given the parsed request. */
export type FakeRoute = (req: {
  url: string;
  method: string;
  body: unknown;
}) => Response | Promise<Response>;

/**
 * Answers fetch calls by "METHOD /path" (query string ignored); anything unrouted is a 404
 * with the server's error body, so a test notices a call it did not expect.
 */
export function routeFetch(mock: FetchMock, routes: Record<string, FakeRoute>): void {
  mock.mockImplementation(async (input, init) => {
    const url = String(input);
    const method = (init?.method ?? 'GET').toUpperCase();
    const key = `${method} ${url.split('?')[0]}`;
    const route = routes[key];
    if (!route) {
      return fakeResponse(404, {
        error: { code: 'NOT_FOUND', message: `未模拟的接口 ${key}` },
        requestId: 'req-test',
      });
    }
    const body = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
    return route({ url, method, body });
  });
}

/** The requests made to "METHOD /path", with their JSON bodies, in order. */
export function callsTo(mock: FetchMock, key: string): Array<{ url: string; body: unknown }> {
  return mock.mock.calls
    .filter(([input, init]) => {
      const method = (init?.method ?? 'GET').toUpperCase();
      return `${method} ${String(input).split('?')[0]}` === key;
    })
    .map(([input, init]) => ({
      url: String(input),
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
    }));
}

/** A three-tier ladder as GET /api/admin/tiers answers it. */
export const LADDER = {
  tiers: [
    {
      code: 'silver',
      name: '银卡',
      rank: 0,
      color: '#8C8C8C',
      upgradeGrowth: 0,
      retainGrowth: 0,
      pointsMultiplier: 1,
    },
    {
      code: 'gold',
      name: '金卡',
      rank: 1,
      color: '#C9A227',
      upgradeGrowth: 1000,
      retainGrowth: 600,
      pointsMultiplier: 1.5,
    },
    {
      code: 'black',
      name: '黑卡',
      rank: 2,
      color: '#222222',
      upgradeGrowth: 5000,
      retainGrowth: 3000,
      pointsMultiplier: 2,
    },
  ],
  growthPerYuan: 1,
  updatedAt: null,
};
