import { configure } from '@testing-library/react';

// The first render of a lazy route requires antd's CommonJS build, which takes seconds on a
// busy shared machine; these are waits for the UI, not performance assertions.
configure({ asyncUtilTimeout: 10_000 });
jest.setTimeout(30_000);

// jsdom lacks matchMedia; antd's responsive observers (Grid, Layout.Sider) call it on mount.
Object.defineProperty(window, 'matchMedia', {
  writable: true,
  value: (query: string): MediaQueryList => ({
    matches: false,
    media: query,
    onchange: null,
    addListener: () => {},
    removeListener: () => {},
    addEventListener: () => {},
    removeEventListener: () => {},
    dispatchEvent: () => false,
  }),
});

// jsdom lacks MessageChannel; antd's forms (@rc-component/form) use it to defer watcher
// notifications to a macrotask. Node's own MessageChannel would keep the worker alive after
// the tests, so this delivers through jsdom's setTimeout, which is also a macrotask.
class TimeoutMessagePort {
  onmessage: ((event: { data: unknown }) => void) | null = null;
  peer: TimeoutMessagePort | null = null;
  private closed = false;
  postMessage(data: unknown): void {
    const target = this.peer;
    setTimeout(() => {
      if (target && !target.closed) target.onmessage?.({ data });
    }, 0);
  }
  start(): void {}
  close(): void {
    this.closed = true;
  }
}

class TimeoutMessageChannel {
  readonly port1 = new TimeoutMessagePort();
  readonly port2 = new TimeoutMessagePort();
  constructor() {
    this.port1.peer = this.port2;
    this.port2.peer = this.port1;
  }
}

if (typeof window.MessageChannel === 'undefined') {
  Object.assign(globalThis, { MessageChannel: TimeoutMessageChannel });
}

// jsdom lacks ResizeObserver; antd's Segmented, Tabs and tables observe sizes on mount. Layout
// never changes in jsdom, so an observer that never fires is faithful.
if (typeof window.ResizeObserver === 'undefined') {
  class NoResizeObserver {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  }
  Object.assign(globalThis, { ResizeObserver: NoResizeObserver });
}
