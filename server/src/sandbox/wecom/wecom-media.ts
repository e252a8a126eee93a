import { randomId } from '../common/ids';
import type { FakeRequest } from '../common/loopback-server';
import type { ApiResult } from './wecom-fake-api';
import { ERR } from './wecom-errcodes';
import type { FakeWeComState } from './wecom-fake-state';

export interface FakeMedia {
  type: string;
  filename: string;
  bytes: number;
  createdAt: number;
}

/** 上传临时素材: "素材上传得到media_id，该media_id仅三天内有效". */
export const MEDIA_TTL_MS = 3 * 86_400_000;
const LIMITS: Record<string, number> = {
  image: 10 * 1024 * 1024,
  voice: 2 * 1024 * 1024,
  video: 10 * 1024 * 1024,
  file: 20 * 1024 * 1024,
};
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47]);
const JPG = Buffer.from([0xff, 0xd8, 0xff]);

/** The `media` part of a multipart/form-data body: its headers and bytes. */
function mediaPart(req: FakeRequest): { headers: string; data: Buffer } | undefined {
  const ct = String(req.headers['content-type'] ?? '');
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(ct);
  if (!ct.toLowerCase().startsWith('multipart/form-data') || !boundary) return undefined;
  const sep = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  let at = req.body.indexOf(sep);
  while (at !== -1) {
    const next = req.body.indexOf(sep, at + sep.length);
    if (next === -1) break;
    const part = req.body.subarray(at + sep.length + 2, next - 2); // CRLF after sep, before next
    const split = part.indexOf('\r\n\r\n');
    if (split !== -1) {
      const headers = part.subarray(0, split).toString('utf8');
      if (/name="media"/i.test(headers)) return { headers, data: part.subarray(split + 4) };
    }
    at = next;
  }
  return undefined;
}

/**
 * `POST /cgi-bin/media/upload?type=` (https://developer.work.weixin.qq.com/document/path/90253):
 * multipart field "media" with filename and content-type; every file > 5 bytes; images JPG/PNG
 * up to 10 MB. The errcodes for a bad upload are (unverified) guesses: refuse, never accept.
 */
export function uploadMedia(s: FakeWeComState, req: FakeRequest): ApiResult {
  const type = req.query.get('type') ?? '';
  const limit = LIMITS[type];
  if (!limit) return { errcode: ERR.invalidMediaType };
  const part = mediaPart(req);
  const filename = part && /filename="([^"]+)"/i.exec(part.headers)?.[1];
  if (!part || !filename) return { errcode: ERR.invalidParameter };
  if (part.data.length <= 5 || part.data.length > limit) return { errcode: ERR.invalidFileSize };
  const head = part.data.subarray(0, 4);
  if (type === 'image' && !head.subarray(0, 4).equals(PNG) && !head.subarray(0, 3).equals(JPG)) {
    return { errcode: ERR.invalidFileType };
  }
  const mediaId = randomId(64);
  const createdAt = s.clock.now();
  s.media.set(mediaId, { type, filename, bytes: part.data.length, createdAt });
  return {
    errcode: 0,
    errmsg: 'ok',
    type,
    media_id: mediaId,
    created_at: String(Math.floor(createdAt / 1000)),
  };
}

/** A media id send_welcome_msg may use: uploaded, of that type, and under 3 days old. */
export function liveMedia(s: FakeWeComState, id: unknown, type: string): boolean {
  const m = typeof id === 'string' ? s.media.get(id) : undefined;
  return m !== undefined && m.type === type && s.clock.now() - m.createdAt < MEDIA_TTL_MS;
}
