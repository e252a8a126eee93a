import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Middleware } from 'koa';
import send from 'koa-send';
import { REPO_ROOT } from './config';
import { AppError } from './lib/errors';

interface Frontend {
  prefix: string;
  root: string;
  index: string;
  name: string;
  build: string;
}

export const FRONTENDS: Frontend[] = [
  {
    prefix: '/admin/',
    root: 'admin/dist',
    index: 'admin/index.html',
    name: '运营后台',
    build: 'npm run build -w admin',
  },
  {
    prefix: '/sidebar/',
    root: 'admin/dist',
    index: 'sidebar/index.html',
    name: '导购侧边栏',
    build: 'npm run build -w admin',
  },
  {
    prefix: '/h5/',
    root: 'miniprogram/dist/h5',
    index: 'index.html',
    name: '会员中心 H5',
    build: 'npm run build:h5 -w miniprogram',
  },
];

const notBuilt = (f: Frontend) =>
  `<!doctype html><meta charset="utf-8"><title>${f.name}</title><p>${f.name}尚未构建。请运行 <code>${f.build}</code> 后刷新。</p>`;

const landing = () =>
  `<!doctype html><meta charset="utf-8"><title>圈层会员 Circles</title><h1>圈层会员 Circles</h1><ul>${FRONTENDS.map(
    (f) => `<li><a href="${f.prefix}">${f.name}</a> <code>${f.prefix}</code></li>`,
  ).join(
    '',
  )}<li><a href="/healthz">健康检查</a></li><li><a href="/openapi.json">API 文档 (OpenAPI)</a></li></ul>`;

const notFound = (p: string) => AppError.of('ROUTE_NOT_FOUND', `No file for ${p}`);

/**
 * Refuses what no built file can be: bad percent-encoding and NUL bytes (400), `..` segments
 * in any spelling (404). Checked on the decoded path, before koa-send touches the disk.
 */
function checkPath(raw: string): void {
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    throw AppError.of('VALIDATION_FAILED', 'Malformed percent-encoding in path', {
      fields: [{ path: 'path', message: 'bad percent-encoding' }],
    });
  }
  if (decoded.includes('\0'))
    throw AppError.of('VALIDATION_FAILED', 'NUL byte in path', {
      fields: [{ path: 'path', message: 'contains NUL' }],
    });
  if (decoded.split(/[\\/]/).includes('..')) throw notFound(raw);
}

/** koa-send answers missing or refused files with HTTP errors; they are 404s, not 500s. */
async function sendFile(ctx: Parameters<Middleware>[0], rel: string, opts: send.SendOptions) {
  try {
    await send(ctx, rel, opts);
  } catch (err) {
    const status = (err as { status?: unknown }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) throw notFound(ctx.path);
    throw err;
  }
}

/**
 * Serves the built front ends. Paths without a file extension fall back to the entry's
 * index.html so client-side routes survive a reload.
 */
export function serveFrontends(repoRoot = REPO_ROOT): Middleware {
  return async (ctx, next) => {
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return next();
    if (ctx.path === '/') {
      ctx.type = 'html';
      ctx.body = landing();
      return;
    }
    for (const bare of ['/admin', '/sidebar', '/h5']) {
      if (ctx.path === bare)
        return ctx.redirect(`${bare}/${ctx.querystring ? `?${ctx.querystring}` : ''}`);
    }
    const f = FRONTENDS.find((x) => ctx.path.startsWith(x.prefix));
    if (!f) return next();
    checkPath(ctx.path);
    const root = path.join(repoRoot, f.root);
    if (!existsSync(path.join(root, f.index))) {
      ctx.status = 503;
      ctx.type = 'html';
      ctx.body = notBuilt(f);
      return;
    }
    const rel = f.root === 'admin/dist' ? ctx.path : ctx.path.slice(f.prefix.length - 1);
    const isAsset = path.extname(rel) !== '';
    if (isAsset) {
      const immutable = /\/assets\//.test(rel);
      await sendFile(ctx, rel, { root, immutable, maxage: immutable ? 31_536_000_000 : 0 });
      return;
    }
    ctx.set('Cache-Control', 'no-cache');
    await sendFile(ctx, f.index, { root });
  };
}
