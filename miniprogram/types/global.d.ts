/// <reference types="@tarojs/taro" />

declare module '*.png';
declare module '*.jpg';
declare module '*.svg';
declare module '*.css';
declare module '*.scss';

declare namespace NodeJS {
  interface ProcessEnv {
    /** Set by the Taro build (`config/index.ts`): the current target. */
    TARO_ENV: 'weapp' | 'h5';
    /** Build-time constant from `config/index.ts`: '' on H5 (same origin), the server URL on weapp. */
    API_BASE?: string;
    /** Build input for the weapp server URL (shell or miniprogram/.env); default http://127.0.0.1:3000. */
    TARO_APP_API_BASE?: string;
  }
}
