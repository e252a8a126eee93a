// A stand-in server for page tests: Taro.request answers from a table of `METHOD /path`
// routes (query strings ignored for matching) and records every call it receives.
import Taro from '@tarojs/taro';

export interface FakeReply {
  status?: number;
  body: unknown;
}
export type FakeRoute = FakeReply | ((call: FakeCall) => FakeReply);

export interface FakeCall {
  method: string;
  path: string;
  url: string;
  data: unknown;
  header: Record<string, string>;
}

export function fakeApi(routes: Record<string, FakeRoute>): FakeCall[] {
  const calls: FakeCall[] = [];
  (Taro.request as unknown as jest.Mock).mockImplementation(
    async (opts: {
      url: string;
      method?: string;
      data?: unknown;
      header?: Record<string, string>;
    }) => {
      const path = opts.url.split('?')[0]!;
      const call: FakeCall = {
        method: opts.method ?? 'GET',
        path,
        url: opts.url,
        data: opts.data,
        header: opts.header ?? {},
      };
      calls.push(call);
      const route = routes[`${call.method} ${path}`];
      if (!route) {
        return {
          statusCode: 404,
          data: { error: { code: 'ROUTE_NOT_FOUND', message: 'no route' }, requestId: 'r' },
        };
      }
      const reply = typeof route === 'function' ? route(call) : route;
      return { statusCode: reply.status ?? 200, data: reply.body };
    },
  );
  return calls;
}

export function apiError(status: number, code: string, message = code): FakeReply {
  return { status, body: { error: { code, message }, requestId: 'req-1' } };
}
