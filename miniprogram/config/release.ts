import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

// A weapp build that reaches WeChat's review must talk to an https domain that is registered
// as a "request 合法域名" (WeChat refuses http, IP addresses and localhost), and carry the
// mini-program's real appid — `touristappid` only works in DevTools.

const APPID = /^wx[0-9a-f]{16}$/;

/** The build inputs read here (a subset of process.env). */
export interface BuildEnv {
  TARO_APP_API_BASE?: string;
  TARO_APP_ID?: string;
}

/** The repository root holds project.config.json (DevTools opens it). */
const ROOT = path.resolve(__dirname, '..', '..');

function appidIn(file: string): string | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const json = JSON.parse(readFileSync(file, 'utf8')) as { appid?: unknown };
    return typeof json.appid === 'string' ? json.appid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `TARO_APP_ID`, else project.private.config.json (git-ignored, DevTools reads its appid before
 * project.config.json's), else project.config.json.
 */
export function resolveAppid(env: BuildEnv, root = ROOT): string | undefined {
  return (
    env.TARO_APP_ID?.trim() ||
    appidIn(path.join(root, 'project.private.config.json')) ||
    appidIn(path.join(root, 'project.config.json'))
  );
}

/** Why this build cannot be uploaded for review; empty when it can. */
export function releaseProblems(apiBase: string | undefined, appid: string | undefined): string[] {
  const problems: string[] = [];
  let url: URL | undefined;
  try {
    url = apiBase ? new URL(apiBase) : undefined;
  } catch {
    url = undefined;
  }
  const host = url?.hostname ?? '';
  const isIp = /^[\d.]+$/.test(host) || host.includes(':') || host.startsWith('[');
  if (url?.protocol !== 'https:' || host === 'localhost' || isIp) {
    problems.push(
      `TARO_APP_API_BASE must be an https URL on a registered domain (got ${apiBase ?? 'nothing'})`,
    );
  }
  if (!appid || !APPID.test(appid)) {
    problems.push(
      `a real appid is needed (TARO_APP_ID or project.private.config.json), got ${appid ?? 'nothing'}`,
    );
  }
  return problems;
}

/** Stops a production weapp build that could not be published, with every reason at once. */
export function assertPublishable(env: BuildEnv): void {
  const problems = releaseProblems(env.TARO_APP_API_BASE, resolveAppid(env));
  if (problems.length > 0) {
    throw new Error(
      `Refusing a production weapp build (see miniprogram/README.md, "Release"): ${problems.join('; ')}`,
    );
  }
}
