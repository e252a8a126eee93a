import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { integrationHeaders } from '@circles/server/src/modules/orders/integration-auth';
import { loginAs } from '../helpers/admin';
import { startTestApp, type TestApp } from '../helpers/app';
import { loginMember } from '../helpers/member';
import {
  BAD_PATH_VALUES,
  badBodies,
  badQueries,
  CONTENT_TYPES,
  type JsonSchema,
} from './mutations';

/**
 * Walks every operation of /openapi.json and sends malformed requests: wrong types, missing
 * and extra fields, huge strings, lone surrogates, bad JSON, bad path params and queries,
 * wrong content types, with and without auth. Nothing may answer 5xx.
 */
const MIN_REQUESTS = 10_000;
const TIME_BUDGET_MS = 80_000;
const CONCURRENCY = 12;

interface Operation {
  method: string;
  path: string;
  auth: 'none' | 'member' | 'admin' | 'consultant' | 'integration' | 'sandbox';
  params: string[];
  query: string[];
  body: JsonSchema | undefined;
}

interface Req {
  method: string;
  url: string;
  auth: 'good' | 'bad' | 'none';
  op: Operation;
  body?: string;
  contentType?: string;
  variant: string;
}

// Sessions a client would end are left alone, or the rest of the run loses its tokens.
const SKIP_GOOD_AUTH = /\/logout$/;

function operations(doc: {
  paths: Record<string, Record<string, Record<string, unknown>>>;
}): Operation[] {
  const out: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const parameters = (op.parameters ?? []) as Array<{ name: string; in: string }>;
      const security = (op.security as Array<Record<string, unknown>> | undefined)?.[0];
      const scheme = security ? Object.keys(security)[0] : undefined;
      const auth =
        (
          {
            memberToken: 'member',
            adminToken: 'admin',
            consultantToken: 'consultant',
            integrationSignature: 'integration',
          } as const
        )[scheme as 'memberToken'] ?? 'none';
      const body = (
        op.requestBody as { content: Record<string, { schema: JsonSchema }> } | undefined
      )?.content['application/json']?.schema;
      out.push({
        method: method.toUpperCase(),
        path,
        auth,
        params: parameters.filter((p) => p.in === 'path').map((p) => p.name),
        query: parameters.filter((p) => p.in === 'query').map((p) => p.name),
        body,
      });
    }
  }
  return out;
}

function* requestsFor(op: Operation): Generator<Req> {
  const fill = (value: string) => op.path.replace(/\{([A-Za-z0-9_]+)\}/g, () => value);
  const good = fill('sample-0001');
  const auths: Array<Req['auth']> = op.auth === 'none' ? ['none'] : ['good', 'bad', 'none'];
  const hasBody = op.method !== 'GET' && op.method !== 'DELETE';
  const bodies = hasBody ? badBodies(op.body) : [undefined];
  for (const auth of auths) {
    if (auth === 'good' && SKIP_GOOD_AUTH.test(op.path)) continue;
    // Every body with working auth; a sample of them without (auth must refuse first).
    const list = auth === 'good' ? bodies : bodies.slice(0, 10);
    for (const [i, body] of list.entries()) {
      yield {
        method: op.method,
        url: good,
        auth,
        op,
        body,
        contentType: 'application/json',
        variant: `body#${i}`,
      };
    }
    if (auth !== 'good') continue;
    for (const v of BAD_PATH_VALUES) {
      if (op.params.length === 0) break;
      yield {
        method: op.method,
        url: fill(v),
        auth,
        op,
        body: bodies[9],
        contentType: 'application/json',
        variant: `path:${v.slice(0, 20)}`,
      };
    }
    for (const q of badQueries(op.query)) {
      yield {
        method: op.method,
        url: `${good}?${q}`,
        auth,
        op,
        body: bodies[9],
        contentType: 'application/json',
        variant: `query:${q.slice(0, 30)}`,
      };
    }
    if (hasBody) {
      for (const ct of CONTENT_TYPES) {
        for (const body of [bodies[9], 'code=1&name=2', '\u0000\u0001binary']) {
          yield {
            method: op.method,
            url: good,
            auth,
            op,
            body,
            contentType: ct,
            variant: `ctype:${ct}`,
          };
        }
      }
    }
  }
}

describe('OpenAPI fuzz', () => {
  let t: TestApp;
  let server: http.Server;
  let base: string;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp();
    server = http.createServer(t.app.callback());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    tokens.member = (await loginMember(t, 'o-fuzz-member')).token;
    tokens.admin = (await loginAs(t, 'admin')).token;
    const wecom = t.container.services.integrations.sandbox?.wecom;
    if (!wecom) throw new Error('the fuzz needs the WeCom fake for a consultant session');
    wecom.control.createConsultant({ userid: 'fuzz', name: '模糊', store: '上海静安店' });
    const code = wecom.control.issueOAuthCode({ userid: 'fuzz' });
    tokens.consultant = (
      await t.http.post('/api/sidebar/session').send({ code }).expect(200)
    ).body.token;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    await t.close();
  });

  function headersFor(r: Req): Record<string, string> {
    const h: Record<string, string> = {};
    if (r.contentType) h['content-type'] = r.contentType;
    if (r.auth === 'bad') {
      h.authorization = 'Bearer not.a.token';
      if (r.op.auth === 'integration')
        Object.assign(h, {
          'x-circles-key': 'sandbox',
          'x-circles-timestamp': '1',
          'x-circles-signature': 'ff',
        });
    }
    if (r.auth !== 'good') return h;
    if (r.op.auth === 'integration') {
      const ts = String(Math.floor(t.container.clock.now().getTime() / 1000));
      return {
        ...h,
        ...integrationHeaders('sandbox', 'sandbox-secret', {
          timestamp: ts,
          nonce: randomBytes(12).toString('base64url'),
          method: r.method,
          path: r.url,
          rawBody: r.body ?? '',
        }),
      };
    }
    const token = tokens[r.op.auth];
    if (token) h.authorization = `Bearer ${token}`;
    return h;
  }

  it('answers ≥ 10,000 malformed requests across every route without a 5xx', async () => {
    const doc = (await t.http.get('/openapi.json').expect(200)).body;
    const ops = operations(doc);
    const all = ops.flatMap((op) => [...requestsFor(op)]);
    const histogram: Record<string, number> = {};
    const failures: string[] = [];
    let sent = 0;
    let next = 0;
    const started = Date.now();
    const worker = async () => {
      while (next < all.length && Date.now() - started < TIME_BUDGET_MS) {
        const r = all[next++]!;
        const res = await fetch(base + r.url, {
          method: r.method,
          headers: headersFor(r),
          body: r.method === 'GET' || r.method === 'HEAD' ? undefined : r.body,
        });
        const text = await res.text();
        sent++;
        histogram[res.status] = (histogram[res.status] ?? 0) + 1;
        if (res.status >= 500 && failures.length < 50)
          failures.push(
            `${res.status} ${r.method} ${r.op.path} [${r.auth}] ${r.variant} → ${text.slice(0, 160)}`,
          );
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    process.stdout.write(
      `openapi fuzz: ${ops.length} operations, ${sent} of ${all.length} requests in ${seconds}s; statuses ${JSON.stringify(histogram)}\n${failures.join('\n')}\n`,
    );
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThanOrEqual(MIN_REQUESTS);
  }, 120_000);
});
