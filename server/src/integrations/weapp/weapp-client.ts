/** What the mini-program login (`wx.login` code) resolves to. `sessionKey` is a secret. */
export interface WeappSession {
  openid: string;
  sessionKey: string;
  unionid?: string;
}

/** A phone number from the getPhoneNumber button. Never log it. */
export interface WeappPhone {
  /** With country code for non-mainland numbers, e.g. `+1...`; plain for mainland numbers. */
  phoneNumber: string;
  purePhoneNumber: string;
  countryCode: string;
}

export interface UnlimitedQrCodeRequest {
  /** ≤ 32 chars of [0-9A-Za-z] and !#$&'()*+,/:;=?@-._~ ; the page reads decodeURIComponent(query.scene). */
  scene: string;
  /** No leading slash, no query string; defaults to the home page. */
  page?: string;
  /** Whether the page must exist in the published version (default true upstream). */
  checkPath?: boolean;
  envVersion?: 'release' | 'trial' | 'develop';
  width?: number;
}

export interface QrCodeImage {
  image: Buffer;
  contentType: string;
}

export interface SubscribeMessage {
  touser: string;
  templateId: string;
  page?: string;
  /** Keyword → value, e.g. `{ thing1: '积分到账', amount2: '¥12.00' }`. */
  data: Record<string, string>;
  miniprogramState?: 'developer' | 'trial' | 'formal';
  lang?: 'zh_CN' | 'en_US' | 'zh_HK' | 'zh_TW';
}

/**
 * The mini-program server APIs Circles uses. Failures throw `WeappApiError` (an `AppError`):
 * a used or invalid one-time code → 401 `WEAPP_CODE_INVALID`, 45011 → 429, the rest → 502.
 */
export interface WeappClient {
  code2Session(jsCode: string): Promise<WeappSession>;
  /** The cached access token (refreshed single-flight). */
  getAccessToken(): Promise<string>;
  getPhoneNumber(code: string, openid?: string): Promise<WeappPhone>;
  getUnlimitedQrCode(req: UnlimitedQrCodeRequest): Promise<QrCodeImage>;
  /** msgid as a string: WeChat's are 64-bit and would lose digits as a JS number. */
  sendSubscribeMessage(msg: SubscribeMessage): Promise<{ msgid: string }>;
}
