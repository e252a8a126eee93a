import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { assertPublishable, releaseProblems, resolveAppid } from '../config/release';

// The weapp build config (config/release.ts): what may be uploaded for review.
describe('publishable weapp build', () => {
  it('refuses http, IP and localhost API bases and the tourist appid', () => {
    expect(releaseProblems('http://api.brand.com', 'wx1234567890abcdef')).toHaveLength(1);
    expect(releaseProblems('https://127.0.0.1:3000', 'wx1234567890abcdef')).toHaveLength(1);
    expect(releaseProblems('https://localhost', 'wx1234567890abcdef')).toHaveLength(1);
    expect(releaseProblems(undefined, 'touristappid')).toHaveLength(2);
    expect(releaseProblems('https://api.brand.com', 'wx1234567890abcdef')).toEqual([]);
  });

  it('takes the appid from TARO_APP_ID, else project.private.config.json, else project.config.json', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'circles-mp-'));
    writeFileSync(
      path.join(root, 'project.config.json'),
      JSON.stringify({ appid: 'touristappid' }),
    );
    expect(resolveAppid({}, root)).toBe('touristappid');
    writeFileSync(
      path.join(root, 'project.private.config.json'),
      JSON.stringify({ appid: 'wxaaaaaaaaaaaaaaaa' }),
    );
    expect(resolveAppid({}, root)).toBe('wxaaaaaaaaaaaaaaaa');
    expect(resolveAppid({ TARO_APP_ID: 'wxbbbbbbbbbbbbbbbb' }, root)).toBe('wxbbbbbbbbbbbbbbbb');
  });

  it('stops the build with every reason at once', () => {
    expect(() =>
      assertPublishable({
        TARO_APP_API_BASE: 'http://127.0.0.1:3000',
        TARO_APP_ID: 'touristappid',
      }),
    ).toThrow(/https URL.*; a real appid/);
    expect(() =>
      assertPublishable({
        TARO_APP_API_BASE: 'https://api.brand.com',
        TARO_APP_ID: 'wx1234567890abcdef',
      }),
    ).not.toThrow();
  });
});
