/**
 * onShareAppMessage's `path` must start with `/` (mini-program docs, 转发). The server's share
 * card may carry a path without it; a card built from that opens nothing.
 */
export function sharePath(path: string): string {
  return path.startsWith('/') ? path : `/${path}`;
}
