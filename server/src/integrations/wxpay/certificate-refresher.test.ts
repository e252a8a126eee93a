import { CertificateRefresher } from './certificate-refresher';

describe('CertificateRefresher', () => {
  let t = 0;
  let downloads = 0;
  let release: () => void = () => {};
  const refresher = new CertificateRefresher(
    () => {
      downloads++;
      return new Promise<void>((r) => {
        release = r;
      });
    },
    { now: () => t },
  );

  it('shares one download among concurrent unknown serials and starts one per 10 minutes', async () => {
    const waiting = [refresher.ensure('A'), refresher.ensure('B'), refresher.ensure('C')];
    expect(downloads).toBe(1);
    release();
    await Promise.all(waiting);
    t += 9 * 60_000 + 59_000;
    await refresher.ensure('D');
    expect(downloads).toBe(1);
    t += 1_000;
    const next = refresher.ensure('E');
    expect(downloads).toBe(2);
    release();
    await next;
  });

  it('never downloads for a public-key id and swallows download failures', async () => {
    t += 3_600_000;
    await refresher.ensure('PUB_KEY_ID_0114232134912410000028300000');
    expect(downloads).toBe(2);
    const failing = new CertificateRefresher(() => Promise.reject(new Error('404')));
    await expect(failing.ensure('X')).resolves.toBeUndefined();
  });
});
