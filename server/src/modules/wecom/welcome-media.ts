import { type Connection, Schema } from 'mongoose';
import type { Core } from '../../core';
import type { WeComClient } from '../../integrations/wecom/wecom-client';
import { memberCardPng } from './card-image';

interface MediaDoc {
  _id: string;
  mediaId: string;
  uploadedAt: Date;
  expiresAt: Date;
}

const schema = new Schema<MediaDoc>(
  { _id: String, mediaId: String, uploadedAt: Date, expiresAt: Date },
  { collection: 'wecom_media', versionKey: false },
);

// 上传临时素材 (https://developer.work.weixin.qq.com/document/path/90253): "media_id仅三天内有效".
export const MEDIA_TTL_MS = 3 * 86_400_000;
/** Upload a new one a day early, so no welcome message goes out with a dying id. */
export const MEDIA_REFRESH_MS = 2 * 86_400_000;
const KEY = 'welcome-card';

/** The welcome card's pic_media_id: uploaded once, shared by every instance, renewed early. */
export class WelcomeMedia {
  readonly store;
  private inflight: Promise<string> | null = null;

  constructor(
    private readonly core: Core,
    private readonly client: WeComClient,
  ) {
    const conn = core.conn as Connection;
    this.store = conn.models.WeComMedia ?? conn.model<MediaDoc>('WeComMedia', schema);
  }

  async mediaId(): Promise<string> {
    const doc = await this.store.findById(KEY).lean();
    const now = this.core.clock.now().getTime();
    if (doc && now - doc.uploadedAt.getTime() < MEDIA_REFRESH_MS) return doc.mediaId;
    // One upload per process even when 200 adds arrive at once.
    this.inflight ??= this.upload().finally(() => {
      this.inflight = null;
    });
    return this.inflight;
  }

  /** WeCom refused the id (expired early or deleted): the next message uploads again. */
  async invalidate(mediaId: string): Promise<void> {
    await this.store.deleteOne({ _id: KEY, mediaId });
  }

  private async upload(): Promise<string> {
    const up = await this.client.uploadMedia({
      type: 'image',
      filename: 'member-card.png',
      contentType: 'image/png',
      data: memberCardPng(),
    });
    const now = this.core.clock.now();
    await this.store.updateOne(
      { _id: KEY },
      {
        $set: {
          mediaId: up.mediaId,
          uploadedAt: now,
          expiresAt: new Date(now.getTime() + MEDIA_TTL_MS),
        },
      },
      { upsert: true },
    );
    return up.mediaId;
  }
}
