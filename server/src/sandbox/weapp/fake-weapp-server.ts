import { LoopbackServer } from '../common/loopback-server';
import { handleWeappRequest } from './weapp-fake-api';
import {
  type FakeWeappOptions,
  FakeWeappState,
  type WeappSandboxControl,
} from './weapp-fake-state';

/**
 * A local api.weixin.qq.com for the mini-program APIs. Point `HttpWeappClient` at `url`;
 * drive the "user side" (wx.login, the phone button, subscriptions) through `control`.
 */
export class FakeWeappServer {
  readonly state: FakeWeappState;
  private readonly server: LoopbackServer;

  constructor(opts: FakeWeappOptions) {
    this.state = new FakeWeappState(opts);
    this.server = new LoopbackServer((req) => handleWeappRequest(this.state, req));
  }

  get control(): WeappSandboxControl {
    return this.state;
  }

  get url(): string {
    return this.server.url;
  }

  /** Listens on 127.0.0.1 (port 0 = random) and returns the base URL. */
  start(port = 0): Promise<string> {
    return this.server.start(port);
  }

  stop(): Promise<void> {
    return this.server.stop();
  }
}
