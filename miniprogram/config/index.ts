import path from 'node:path';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';
import devConfig from './dev';
import prodConfig from './prod';
import { assertPublishable } from './release';

// The weapp build talks to an absolute server URL (WeChat has no "same origin"); the H5 build
// is served by the Koa server under /h5/, so it calls /api/... on its own origin.
const DEFAULT_WEAPP_API_BASE = 'http://127.0.0.1:3000';

// The pure TypeScript modules of the shared workspace (money and Beijing-time formatting) are
// imported as source, so they go through the same compiler as src/.
const SHARED_SOURCE = path.resolve(__dirname, '../../shared/src');

function apiBaseFor(taroEnv: string | undefined): string {
  if (taroEnv === 'h5') return '';
  return (process.env.TARO_APP_API_BASE ?? DEFAULT_WEAPP_API_BASE).replace(/\/+$/, '');
}

// https://docs.taro.zone/docs/config
export default defineConfig<'webpack5'>(async (merge) => {
  const taroEnv = process.env.TARO_ENV;
  // A production weapp build is what gets uploaded for review: no http API, no tourist appid.
  // Local weapp work uses `npm run dev:weapp` (development), which keeps the defaults.
  if (taroEnv === 'weapp' && process.env.NODE_ENV !== 'development') assertPublishable(process.env);
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'circles-miniprogram',
    designWidth: 750,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    // One folder per target so a weapp build never overwrites the H5 build the server serves.
    outputRoot: `dist/${taroEnv}`,
    plugins: [],
    // `API_BASE` (not TARO_APP_API_BASE) so a .env file cannot leak a weapp URL into the H5 build:
    // Taro copies every TARO_APP_* .env entry into the bundle after this config is read.
    env: { API_BASE: JSON.stringify(apiBaseFor(taroEnv)) },
    defineConstants: {},
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: false },
    mini: {
      compile: { include: [SHARED_SOURCE] },
      // Components are styled by BEM class names, never by cascade order between files, so the
      // order in which shared component CSS lands in common.wxss does not matter (as on H5).
      miniCssExtractPluginOption: { ignoreOrder: true },
      postcss: {
        pxtransform: { enable: true, config: {} },
      },
    },
    h5: {
      compile: { include: [SHARED_SOURCE] },
      // The Koa server mounts dist/h5 at /h5/ with an index.html fallback, so browser-mode
      // URLs such as /h5/pages/index/index survive a reload.
      publicPath: '/h5/',
      staticDirectory: 'static',
      router: { mode: 'browser', basename: '/h5' },
      output: {
        filename: 'js/[name].[contenthash:8].js',
        chunkFilename: 'js/[name].[contenthash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[contenthash:8].css',
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
      },
      webpackChain(chain) {
        // webpack's 244 KiB default flags React + the Taro H5 runtime alone (~300 KiB before
        // gzip); warn only when the member center grows well past that.
        chain.performance.maxEntrypointSize(600 * 1024).maxAssetSize(400 * 1024);
      },
    },
  };

  if (process.env.NODE_ENV === 'development') {
    return merge({}, baseConfig, devConfig);
  }
  return merge({}, baseConfig, prodConfig);
});
