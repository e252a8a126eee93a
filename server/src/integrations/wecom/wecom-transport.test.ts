import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WeComTransport } from './wecom-transport';

/** A WeCom stand-in whose business endpoint never answers: the client must time out. */
function hangingServer() {
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    hits.push(`${req.method} ${path}`);
    if (path === '/cgi-bin/gettoken') {
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ errcode: 0, access_token: 'tok', expires_in: 7200 }));
    }
    // anything else: leave the request hanging
  });
  return { server, hits };
}

describe('WeComTransport timeouts', () => {
  const { server, hits } = hangingServer();
  let transport: WeComTransport;

  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    transport = new WeComTransport({
      baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      corpId: 'ww1',
      timeoutMs: 100,
      maxRetries: 2,
      sleep: async () => {},
    });
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  });
  beforeEach(() => {
    hits.length = 0;
  });

  it('never resends a non-idempotent POST after a timeout (it may have been applied)', async () => {
    await expect(
      transport.call({
        api: 'externalcontact/add_corp_tag',
        secret: 's',
        method: 'POST',
        data: {},
      }),
    ).rejects.toMatchObject({ errcode: -1, type: 'upstream_failed' });
    expect(hits.filter((h) => h.includes('add_corp_tag'))).toHaveLength(1);
  });

  it('resends reads and idempotent writes after a timeout, up to the retry limit', async () => {
    await expect(
      transport.call({ api: 'externalcontact/get', secret: 's', method: 'GET' }),
    ).rejects.toMatchObject({ errcode: -1 });
    expect(hits.filter((h) => h.includes('externalcontact/get'))).toHaveLength(3);
    await expect(
      transport.call({
        api: 'externalcontact/mark_tag',
        secret: 's',
        method: 'POST',
        idempotent: true,
      }),
    ).rejects.toMatchObject({ errcode: -1 });
    expect(hits.filter((h) => h.includes('mark_tag'))).toHaveLength(3);
  });
});
