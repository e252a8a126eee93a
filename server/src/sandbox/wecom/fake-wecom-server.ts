import { WeComCrypto } from '../../integrations/wecom/crypto';
import { LoopbackServer } from '../common/loopback-server';
import { CallbackSender } from './callback-sender';
import { WeComConsole } from './wecom-console';
import { handleWeComRequest } from './wecom-fake-api';
import { type FakeWeComOptions, FakeWeComState } from './wecom-fake-state';

/**
 * A local qyapi.weixin.qq.com: the API on `url` for `HttpWeComClient`, and `control` for the
 * people side (customers, consultants, the admin console), which pushes encrypted callbacks.
 */
export class FakeWeComServer {
  readonly state: FakeWeComState;
  readonly control: WeComConsole;
  private readonly sender: CallbackSender;
  private readonly server: LoopbackServer;

  constructor(opts: FakeWeComOptions) {
    this.state = new FakeWeComState(opts);
    this.sender = new CallbackSender({
      crypto: new WeComCrypto({
        token: opts.callback.token,
        encodingAesKey: opts.callback.encodingAesKey,
        receiveId: opts.corpId,
      }),
      agentId: opts.agentId,
      clock: this.state.clock,
      url: opts.callback.url,
      timeoutMs: opts.callback.timeoutMs,
      retryDelaysMs: opts.callback.retryDelaysMs,
    });
    this.control = new WeComConsole(this.state, this.sender);
    this.server = new LoopbackServer((req) => handleWeComRequest(this.state, req));
  }

  get url(): string {
    return this.server.url;
  }

  start(port = 0): Promise<string> {
    return this.server.start(port);
  }

  /** Stops retrying callbacks, waits for those in flight, closes the server. */
  async stop(): Promise<void> {
    await this.sender.stop();
    await this.server.stop();
  }
}
