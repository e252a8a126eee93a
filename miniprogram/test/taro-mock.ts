// Jest stand-in for @tarojs/taro. Lifecycle hooks run like their H5 counterparts (once after
// mount); storage is an in-memory map; network and login APIs are jest mocks that reject until
// a test gives them an answer, so nothing silently pretends to reach a server.
import { useEffect, useRef } from 'react';

const storage = new Map<string, unknown>();

function useOnMount(effect: () => void) {
  // biome-ignore lint/correctness/useExhaustiveDependencies: fires once, like Taro's page hooks.
  useEffect(() => {
    effect();
  }, []);
}

const notMocked = (api: string) => () => Promise.reject(new Error(`Taro.${api} is not mocked`));

const Taro = {
  getEnv: () => 'WEB',
  getStorageSync: (key: string) => storage.get(key) ?? '',
  setStorageSync: (key: string, value: unknown) => void storage.set(key, value),
  removeStorageSync: (key: string) => void storage.delete(key),
  clearStorageSync: () => storage.clear(),
  showToast: jest.fn(() => Promise.resolve()),
  setClipboardData: jest.fn((_opts: { data: string }) => Promise.resolve()),
  showLoading: jest.fn(() => Promise.resolve()),
  hideLoading: jest.fn(),
  stopPullDownRefresh: jest.fn(),
  navigateTo: jest.fn(() => Promise.resolve()),
  switchTab: jest.fn(() => Promise.resolve()),
  navigateBack: jest.fn(() => Promise.resolve()),
  getCurrentPages: jest.fn(() => [] as unknown[]),
  showModal: jest.fn(() => Promise.resolve({ confirm: true, cancel: false })),
  pxTransform: (size: number) => `${size / 2}px`,
  getLaunchOptionsSync: () => ({ query: {} as Record<string, string> }),
  getEnterOptionsSync: () => ({ query: {} as Record<string, string> }),
  getCurrentInstance: jest.fn(() => ({ router: { params: {} as Record<string, string> } })),
  request: jest.fn(notMocked('request')),
  login: jest.fn(notMocked('login')),
  requestPayment: jest.fn(notMocked('requestPayment')),
  requestSubscribeMessage: jest.fn(notMocked('requestSubscribeMessage')),
};

export const ENV_TYPE = { WEAPP: 'WEAPP', WEB: 'WEB' } as const;
export const useLoad = useOnMount;
const shownHandlers = new Set<() => void>();
/** Like Taro's: runs when the page first shows; `showPages()` plays it showing again. */
export function useDidShow(effect: () => void) {
  const ref = useRef(effect);
  ref.current = effect;
  useEffect(() => {
    const handler = () => ref.current();
    shownHandlers.add(handler);
    handler();
    return () => {
      shownHandlers.delete(handler);
    };
  }, []);
}
/** Test helper: every mounted page shows again (back from another page or the background). */
export function showPages(): void {
  for (const handler of [...shownHandlers]) handler();
}
const hiddenHandlers = new Set<() => void>();
/** Like Taro's: runs when the page hides; `hidePages()` plays it. */
export function useDidHide(effect: () => void) {
  const ref = useRef(effect);
  ref.current = effect;
  useEffect(() => {
    const handler = () => ref.current();
    hiddenHandlers.add(handler);
    return () => {
      hiddenHandlers.delete(handler);
    };
  }, []);
}
/** Test helper: every mounted page goes to the background (or another page opens over it). */
export function hidePages(): void {
  for (const handler of [...hiddenHandlers]) handler();
}
export const useLaunch = useOnMount;
// Pull-down and reach-bottom never happen in jsdom; tests call the page's own buttons instead.
export const usePullDownRefresh = (_handler: () => void) => {};
export const useReachBottom = (_handler: () => void) => {};
/** The page's latest share handler, so a test can ask what a share to chat would send. */
export const shareHandler: { current: (() => unknown) | null } = { current: null };
export const useShareAppMessage = (handler: () => unknown) => {
  shareHandler.current = handler;
};
export const useRouter = () => ({ params: {} as Record<string, string>, path: '' });
export const { getStorageSync, setStorageSync, showToast, navigateTo, request, login } = Taro;
export default Taro;
