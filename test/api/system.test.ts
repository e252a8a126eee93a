import { loadConfig } from '@circles/server/src/config';
import { startTestApp, type TestApp } from './helpers/app';

describe('foundation: errors, health, metrics, openapi', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({}, {}, (app) => {
      app.use(async (ctx, next) => {
        if (ctx.path === '/test/boom') throw new Error('kaboom: secret internals');
        await next();
      });
    });
  });
  afterAll(() => t.close());

  it('answers /healthz 200 with the database connected', async () => {
    const res = await t.http.get('/healthz').expect(200);
    expect(res.body).toMatchObject({
      status: 'ok',
      sandbox: true,
      database: { state: 'connected' },
    });
    expect(['embedded', 'external']).toContain(res.body.database.engine);
  });

  it('answers an unknown route 404 in the error body shape with the request id', async () => {
    const res = await t.http.get('/api/nope').expect(404);
    expect(res.body.error.code).toBe('ROUTE_NOT_FOUND');
    expect(res.body.requestId).toBe(res.headers['x-request-id']);
  });

  it('answers a plain Error with a generic 500, and logs the stack with the request id', async () => {
    const res = await t.http.get('/test/boom').expect(500);
    expect(res.body.error).toEqual({ code: 'INTERNAL', message: '服务器内部错误，请稍后重试' });
    expect(JSON.stringify(res.body)).not.toContain('kaboom');
    const logged = t.logs.find((l) => l.msg === 'unhandled error');
    expect(logged?.requestId).toBe(res.body.requestId);
    expect(String((logged?.err as { stack?: string })?.stack)).toContain('kaboom');
  });

  it('keeps a sane incoming X-Request-Id', async () => {
    const res = await t.http.get('/api/nope').set('X-Request-Id', 'abc-123-def').expect(404);
    expect(res.body.requestId).toBe('abc-123-def');
  });

  it('answers malformed JSON with 400 naming the body', async () => {
    const res = await t.http
      .post('/api/mp/session')
      .set('Content-Type', 'application/json')
      .send('{"code":')
      .expect(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.details.fields[0].path).toBe('body');
  });

  it('exposes Prometheus metrics labelled by route', async () => {
    await t.http.get('/healthz');
    const res = await t.http.get('/metrics').expect(200);
    expect(res.text).toMatch(
      /circles_http_requests_total\{method="GET",route="\/healthz",status="200"\} \d+/,
    );
    expect(res.text).toContain('circles_http_request_duration_seconds_bucket');
  });

  it('serves an OpenAPI document generated from the shared contracts', async () => {
    const res = await t.http.get('/openapi.json').expect(200);
    expect(res.body.openapi).toBe('3.1.0');
    expect(res.body.paths['/healthz'].get.responses['200']).toBeDefined();
  });

  it('never writes phone numbers into the logs', async () => {
    await t.http.get('/api/nope?phone=13812345678');
    const text = JSON.stringify(t.logs);
    expect(text).not.toContain('13812345678');
    expect(text).toContain('138****5678');
  });
});

describe('configuration', () => {
  it('rejects a bad PORT with one readable line', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(
      /^Invalid configuration: PORT="eighty" must be a number$/,
    );
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT="70000" must be between 0 and 65535/);
  });

  it('rejects a malformed MONGODB_URI', () => {
    expect(() => loadConfig({ MONGODB_URI: 'localhost:27017' })).toThrow(
      /MONGODB_URI="localhost:27017" must look like mongodb:\/\/host:port\/db/,
    );
  });

  it('turns sandbox mode on when no WeChat credentials are configured', () => {
    expect(loadConfig({}).sandbox).toBe(true);
    const secrets = { SESSION_SECRET: 'x'.repeat(32), PHONE_ENC_KEY: 'k'.repeat(44) };
    expect(loadConfig({ WEAPP_APPID: 'wx1', WEAPP_SECRET: 's', ...secrets }).sandbox).toBe(false);
  });
});

describe('/metrics with METRICS_TOKEN', () => {
  let t: TestApp;
  const token = 'metrics-token-0123456789';
  beforeAll(async () => {
    t = await startTestApp({ metricsToken: token });
  });
  afterAll(() => t.close());

  it('answers only the bearer of the token', async () => {
    for (const header of [undefined, 'Bearer wrong-token', `Basic ${token}`, `Bearer ${token}x`]) {
      const req = t.http.get('/metrics');
      const res = await (header ? req.set('Authorization', header) : req).expect(401);
      expect(res.body.error.code).toBe('AUTH_REQUIRED');
    }
    const ok = await t.http.get('/metrics').set('Authorization', `Bearer ${token}`).expect(200);
    expect(ok.text).toContain('circles_http_requests_total');
  });

  it('is required in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', SANDBOX: 'on' })).toThrow(/METRICS_TOKEN/);
  });
});
