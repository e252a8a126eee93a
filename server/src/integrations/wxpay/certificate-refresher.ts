import type { Logger } from '../../lib/logger';

export interface CertificateRefresherOptions {
  /** At most one download per this interval, whatever arrives (default 10 minutes). */
  minIntervalMs?: number;
  now?: () => number;
  logger?: Logger;
}

/** WeChat Pay public-key ids look like `PUB_KEY_ID_0114232134912410000028300000`. */
export const isPublicKeyId = (serial: string): boolean => serial.startsWith('PUB_KEY_ID_');

/**
 * Guards GET /v3/certificates. Anyone can post to the notify URL with a made-up
 * `Wechatpay-Serial`, so an unknown serial must not mean a download each time: downloads are
 * single-flight (concurrent callers share one) and at most one starts per interval; the
 * certificates themselves stay cached in `PlatformKeys`. A `PUB_KEY_ID_…` serial never triggers
 * one — a public key is configured, not downloaded.
 */
export class CertificateRefresher {
  private inflight: Promise<void> | undefined;
  private lastStart = Number.NEGATIVE_INFINITY;
  private readonly now: () => number;

  constructor(
    private readonly download: () => Promise<unknown>,
    private readonly opts: CertificateRefresherOptions = {},
  ) {
    this.now = opts.now ?? Date.now;
  }

  /** Resolves once a download for `serial` finished, was joined, or was skipped. Never throws. */
  ensure(serial: string): Promise<void> {
    if (isPublicKeyId(serial)) return Promise.resolve();
    if (this.inflight) return this.inflight;
    const now = this.now();
    if (now - this.lastStart < (this.opts.minIntervalMs ?? 600_000)) return Promise.resolve();
    this.lastStart = now;
    this.inflight = this.download()
      .then(
        () => undefined,
        (err: unknown) => {
          this.opts.logger?.warn(
            { err, serial },
            'WeChat Pay platform certificate download failed',
          );
        },
      )
      .finally(() => {
        this.inflight = undefined;
      });
    return this.inflight;
  }
}
