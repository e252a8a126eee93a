import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { serveFrontends } from '@circles/server/src/static';
import { startTestApp, type TestApp } from './helpers/app';

/** A repo root with tiny built front ends, so the static middleware has files to serve. */
function fakeBuilds(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'circles-static-'));
  for (const [file, text] of [
    ['admin/dist/admin/index.html', '<p>admin</p>'],
    ['admin/dist/sidebar/index.html', '<p>sidebar</p>'],
    ['admin/dist/admin/assets/app.js', 'console.log(1)'],
    ['miniprogram/dist/h5/index.html', '<p>h5</p>'],
    ['secret.txt', 'outside the roots'],
  ] as const) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  return root;
}

describe('static front ends', () => {
  let t: TestApp;
  beforeAll(async () => {
    const root = fakeBuilds();
    t = await startTestApp({}, {}, (app) => app.use(serveFrontends(root)));
  });
  afterAll(() => t.close());

  it('serves files and client routes', async () => {
    expect((await t.http.get('/admin/assets/app.js').expect(200)).text).toContain('console');
    expect((await t.http.get('/h5/pages/me').expect(200)).text).toContain('h5');
  });

  it.each([
    ['/admin/assets/missing.js', 404],
    ['/h5/missing.png', 404],
    ['/admin/../../etc/passwd', 404],
    ['/admin/..%2f..%2fsecret.txt', 404],
    ['/admin/%2e%2e/%2e%2e/secret.txt', 404],
    ['/h5/%2e%2e/%2e%2e/%2e%2e/secret.txt', 404],
    ['/h5/%2e%2e%5c%2e%2e%5csecret.txt', 404],
    ['/admin/app%00.js', 400],
    ['/h5/%00', 400],
    ['/admin/%E0%A4%A.js', 400],
  ])('answers %s with %i and no error log', async (url, status) => {
    const before = t.logs.length;
    const res = await t.http.get(url);
    expect(res.status).toBe(status);
    expect(res.text).not.toContain('outside the roots');
    const errors = t.logs.slice(before).filter((l) => Number(l.level) >= 50);
    expect(errors).toEqual([]);
  });
});
