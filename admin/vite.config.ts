import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

// Vite names each HTML output by its path relative to `root`, so the entry pages live at
// admin/index.html and sidebar/index.html to land at dist/admin/ and dist/sidebar/ (the URL
// paths the server serves). Every chunk and asset goes to dist/admin/assets/ and is
// referenced as /admin/assets/..., also from the sidebar page.
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

const ENTRIES = ['admin', 'sidebar'] as const;

// Mirrors the production server's SPA fallback (deep links like /admin/members) in `vite`
// and `vite preview`, so client-side routes survive a reload during development.
function spaFallback(): Plugin {
  const rewrite = (req: IncomingMessage, _res: ServerResponse, next: () => void) => {
    const url = req.url ?? '';
    const accepts = req.headers.accept ?? '';
    const entry = ENTRIES.find((e) => url === `/${e}` || url.startsWith(`/${e}/`));
    const isAsset = url.startsWith('/admin/assets/') || /\.[a-z0-9]+(\?|$)/i.test(url);
    if (entry && !isAsset && accepts.includes('text/html')) req.url = `/${entry}/index.html`;
    next();
  };
  return {
    name: 'circles-spa-fallback',
    configureServer: (server) => void server.middlewares.use(rewrite),
    configurePreviewServer: (server) => void server.middlewares.use(rewrite),
  };
}

// The API server (npm start) listens on PORT, default 3000; dev requests are proxied to it.
const apiTarget = process.env.CIRCLES_API_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root: here('.'),
  base: '/',
  publicDir: false,
  appType: 'mpa',
  plugins: [react(), spaFallback()],
  build: {
    outDir: here('dist'),
    emptyOutDir: true,
    assetsDir: 'admin/assets',
    target: 'es2022',
    rolldownOptions: {
      input: {
        admin: here('admin/index.html'),
        sidebar: here('sidebar/index.html'),
      },
      output: {
        // Named, stable vendor chunks both entries share (long-term caching, readable size
        // reports). antd stays in rolldown's automatic per-use chunks so each page and the
        // sidebar load only the components they render.
        codeSplitting: {
          groups: [
            { name: 'react', test: /[\\/]node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
            { name: 'router', test: /[\\/]node_modules[\\/](react-router|react-router-dom)[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': apiTarget,
      '/healthz': apiTarget,
    },
  },
});
