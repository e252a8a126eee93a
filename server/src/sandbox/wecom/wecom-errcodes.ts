/**
 * Errcodes the WeCom fake answers with. The ones marked (unverified) are not in the protocol
 * doc; they come from community sources or are a best guess, so clients must not depend on them.
 */
export const ERR = {
  busy: -1,
  invalidCredential: 40001,
  invalidCorpId: 40013,
  invalidToken: 40014,
  invalidMediaType: 40004, // (unverified) 不合法的媒体文件类型
  invalidFileType: 40005, // (unverified)
  invalidFileSize: 40006, // (unverified)
  invalidMediaId: 40007, // 不合法的媒体文件id
  invalidCode: 40029,
  invalidParameter: 40058, // (unverified) generic bad argument
  invalidTagId: 40068, // (unverified)
  invalidAgentId: 40056, // (unverified) the fake's answer to agentid on corp-tag writes
  duplicateTagName: 40071, // (unverified)
  missingToken: 41001,
  missingCode: 41008,
  welcomeCodeUsed: 41051,
  welcomeBusy: 41096,
  tokenExpired: 42001,
  rateLimited: 45009,
  jsonError: 47001,
  noPermission: 48002,
  userNotFound: 60111,
  notExternalContact: 84061,
  tagLimit: 84072, // (unverified) corp tag library full
  notTagCreator: 301002, // (unverified) an app may edit only tags it created
} as const;

const MESSAGES: Record<number, string> = {
  [-1]: 'system busy',
  40001: 'invalid secret',
  40013: 'invalid corpid',
  40014: 'invalid access_token',
  40004: 'invalid media type',
  40005: 'invalid file type',
  40006: 'invalid file size',
  40007: 'invalid media_id',
  40029: 'invalid code',
  40058: 'invalid parameter',
  40056: 'invalid agentid',
  40068: 'invalid tagid',
  40071: 'tag name already exists',
  41001: 'access_token missing',
  41008: 'missing code',
  41051: 'welcome code used or expired, or the chat has started',
  41096: 'another app is sending the welcome message',
  42001: 'access_token expired',
  45009: 'api freq out of limit',
  47001: 'data format error',
  48002: 'api forbidden',
  60111: 'userid not found',
  84061: 'not external contact',
  84072: 'corp tag count reaches limit',
  301002: 'no privilege to edit tags not created by this app',
};

export function errBody(errcode: number, detail?: string): { errcode: number; errmsg: string } {
  const hint = 'more info at https://open.work.weixin.qq.com/devtool/query?e=';
  return { errcode, errmsg: `${detail ?? MESSAGES[errcode] ?? 'error'}, ${hint}${errcode}` };
}
